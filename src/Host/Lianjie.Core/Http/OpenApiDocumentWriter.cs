using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using Lianjie.Core.Shells;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Lianjie.Core.Http;

/// <summary>
/// Describes the live shell's /api endpoints as an OpenAPI 3.1 document, from their metadata,
/// so the document changes when a feature is enabled or disabled.
/// </summary>
public static class OpenApiDocumentWriter
{
    private static readonly JsonSerializerOptions SchemaOptions = new(JsonSerializerOptions.Web);

    public static JsonObject Write(ShellContext shell, string title)
    {
        var paths = new JsonObject();
        var schemas = new JsonObject();
        var endpoints = shell.EndpointSources.SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api", StringComparison.OrdinalIgnoreCase) == true)
            .OrderBy(e => e.RoutePattern.RawText, StringComparer.Ordinal);
        foreach (var endpoint in endpoints)
        {
            var path = PathOf(endpoint.RoutePattern);
            var item = paths[path] as JsonObject ?? new JsonObject();
            paths[path] = item;
            foreach (var method in endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"])
            {
                item[method.ToLowerInvariant()] = Operation(endpoint, schemas);
            }
        }

        return new JsonObject
        {
            ["openapi"] = "3.1.0",
            ["info"] = new JsonObject { ["title"] = title, ["version"] = "v1" },
            ["paths"] = paths,
            ["components"] = new JsonObject
            {
                ["schemas"] = schemas,
                ["securitySchemes"] = new JsonObject
                {
                    ["bearer"] = new JsonObject { ["type"] = "http", ["scheme"] = "bearer", ["description"] = "An API key created in the admin or with `apikey create`." },
                },
            },
            ["security"] = new JsonArray(new JsonObject { ["bearer"] = new JsonArray() }),
        };
    }

    private static JsonObject Operation(RouteEndpoint endpoint, JsonObject schemas)
    {
        var operation = new JsonObject();
        if (endpoint.Metadata.GetMetadata<IEndpointNameMetadata>() is { } name)
        {
            operation["operationId"] = name.EndpointName;
        }

        if (endpoint.Metadata.GetMetadata<IEndpointSummaryMetadata>() is { } summary)
        {
            operation["summary"] = summary.Summary;
        }

        if (endpoint.Metadata.GetMetadata<IEndpointDescriptionMetadata>() is { } description)
        {
            operation["description"] = description.Description;
        }

        var tags = endpoint.Metadata.GetOrderedMetadata<ITagsMetadata>().SelectMany(t => t.Tags).Distinct().ToArray();
        if (tags.Length > 0)
        {
            operation["tags"] = new JsonArray(tags.Select(t => (JsonNode)t).ToArray());
        }

        var parameters = new JsonArray();
        var routeNames = endpoint.RoutePattern.Parameters.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var parameter in endpoint.RoutePattern.Parameters)
        {
            parameters.Add(new JsonObject { ["name"] = parameter.Name, ["in"] = "path", ["required"] = true, ["schema"] = new JsonObject { ["type"] = "string" } });
        }

        if (endpoint.Metadata.GetMetadata<MethodInfo>() is { } method)
        {
            foreach (var p in method.GetParameters())
            {
                if (p.Name is null || routeNames.Contains(p.Name) || !IsQueryParameter(p))
                {
                    continue;
                }

                var queryName = p.GetCustomAttribute<FromQueryAttribute>()?.Name ?? p.Name;
                parameters.Add(new JsonObject { ["name"] = queryName, ["in"] = "query", ["required"] = false, ["schema"] = Schema(p.ParameterType, schemas) });
            }
        }

        if (parameters.Count > 0)
        {
            operation["parameters"] = parameters;
        }

        if (endpoint.Metadata.GetMetadata<IAcceptsMetadata>() is { RequestType: { } requestType } accepts)
        {
            var content = new JsonObject();
            foreach (var type in accepts.ContentTypes.DefaultIfEmpty("application/json"))
            {
                content[type] = new JsonObject { ["schema"] = Schema(requestType, schemas) };
            }

            operation["requestBody"] = new JsonObject { ["required"] = true, ["content"] = content };
        }

        var responses = new JsonObject();
        foreach (var produces in endpoint.Metadata.GetOrderedMetadata<IProducesResponseTypeMetadata>())
        {
            var status = produces.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var response = new JsonObject { ["description"] = Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(produces.StatusCode) };
            if (produces.Type is { } type && type != typeof(void))
            {
                var content = new JsonObject();
                foreach (var contentType in produces.ContentTypes.DefaultIfEmpty("application/json"))
                {
                    content[contentType] = new JsonObject { ["schema"] = Schema(type, schemas) };
                }

                response["content"] = content;
            }

            responses[status] = response;
        }

        if (responses.Count == 0)
        {
            responses["200"] = new JsonObject { ["description"] = "OK" };
        }

        operation["responses"] = responses;
        return operation;
    }

    private static bool IsQueryParameter(ParameterInfo p)
    {
        if (p.GetCustomAttribute<FromQueryAttribute>() is not null)
        {
            return true;
        }

        if (p.GetCustomAttributes().Any(a => a is FromBodyAttribute or FromServicesAttribute or FromRouteAttribute or FromHeaderAttribute or FromFormAttribute))
        {
            return false;
        }

        var type = Nullable.GetUnderlyingType(p.ParameterType) ?? p.ParameterType;
        return type.IsPrimitive || type == typeof(string) || type == typeof(Guid) || type == typeof(DateTime) || type == typeof(DateTimeOffset) || type.IsEnum || type == typeof(string[]);
    }

    private static JsonNode Schema(Type type, JsonObject schemas)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        var node = SchemaOptions.GetJsonSchemaAsNode(underlying, new JsonSchemaExporterOptions { TreatNullObliviousAsNonNullable = true });
        if (underlying.IsClass && underlying != typeof(string) && !underlying.IsArray && !underlying.IsGenericType)
        {
            schemas[underlying.Name] = node;
            return new JsonObject { ["$ref"] = $"#/components/schemas/{underlying.Name}" };
        }

        return node;
    }

    private static string PathOf(Microsoft.AspNetCore.Routing.Patterns.RoutePattern pattern) =>
        "/" + string.Join("/", pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart literal => literal.Content,
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart parameter => "{" + parameter.Name + "}",
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternSeparatorPart separator => separator.Content,
            _ => string.Empty,
        }))));
}
