namespace Lianjie.Workflows.Engine;

/// <summary>An arrow from one activity's named outcome to another activity.</summary>
public sealed class Transition
{
    /// <summary>Orchard exports a numeric id (often 0); it carries no meaning for execution.</summary>
    public int? Id { get; set; }

    public string SourceActivityId { get; set; } = "";

    public string SourceOutcomeName { get; set; } = "";

    public string DestinationActivityId { get; set; } = "";
}
