using Lianjie.Core.Modules;

namespace Lianjie.Core.Tests.Modules;

public class FeatureCatalogTests
{
    private static FeatureInfo Feature(string id, params string[] dependencies) => new(id, id, string.Empty, "Test", dependencies, null);

    [Fact]
    public void Enabling_a_feature_brings_its_dependencies_first()
    {
        var catalog = new FeatureCatalog([Feature("Tags", "Followers"), Feature("Followers", "Core"), Feature("Core")]);

        var ordered = catalog.WithDependencies(["Tags"]).Select(f => f.Id).ToList();

        Assert.Equal(["Core", "Followers", "Tags"], ordered);
    }

    [Fact]
    public void Dependents_are_found_through_chains()
    {
        var catalog = new FeatureCatalog([Feature("A"), Feature("B", "A"), Feature("C", "B"), Feature("D")]);

        Assert.Equal(["B", "C"], catalog.DependentsOf("A", ["A", "B", "C", "D"]));
        Assert.Empty(catalog.DependentsOf("D", ["A", "B", "C", "D"]));
        Assert.Equal(["B"], catalog.DependentsOf("A", ["A", "B"]));
    }

    [Fact]
    public void A_dependency_cycle_is_reported_with_its_path()
    {
        var error = Assert.Throws<FeatureCatalogException>(() =>
            new FeatureCatalog([Feature("A", "B"), Feature("B", "C"), Feature("C", "A"), Feature("D")]));

        Assert.Contains("cycle", error.Message);
        Assert.Contains("A -> B -> C -> A", error.Message);
    }

    [Fact]
    public void An_unknown_dependency_is_reported()
    {
        var error = Assert.Throws<FeatureCatalogException>(() => new FeatureCatalog([Feature("A", "Missing")]));

        Assert.Contains("'Missing'", error.Message);
    }

    [Fact]
    public void Unknown_feature_ids_throw_a_typed_error()
    {
        var catalog = new FeatureCatalog([Feature("A")]);

        var error = Assert.Throws<UnknownFeatureException>(() => catalog.WithDependencies(["Nope"]));

        Assert.Equal("Nope", error.FeatureId);
    }

    [Fact]
    public void Feature_ids_match_in_any_case()
    {
        var catalog = new FeatureCatalog([Feature("Lianjie.Tags")]);

        Assert.True(catalog.TryGet("lianjie.tags", out var feature));
        Assert.Equal("Lianjie.Tags", feature.Id);
    }
}
