using System.Text.Json.Nodes;
using Jint;
using Jint.Native;
using Jint.Native.Json;
using JsEngine = Jint.Engine;

namespace Lianjie.Workflows.Engine;

/// <summary>Moves values between System.Text.Json and Jint through JSON text, so no CLR object ever reaches a script.</summary>
internal static class JintJson
{
    public static JsValue ToJs(JsEngine engine, JsonNode? node) =>
        node is null ? JsValue.Null : new JsonParser(engine).Parse(node.ToJsonString());

    public static JsonNode? ToJson(JsEngine engine, JsValue value)
    {
        if (value.IsUndefined() || value.IsNull())
        {
            return null;
        }

        var text = new JsonSerializer(engine).Serialize(value);
        return text.IsString() ? JsonNode.Parse(text.AsString()) : null;
    }
}
