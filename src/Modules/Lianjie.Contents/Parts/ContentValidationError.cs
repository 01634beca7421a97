namespace Lianjie.Contents.Parts;

/// <summary>
/// One problem with an item. Part is the part's Name on the type ("Article", "TitlePart");
/// Field is the field name, or empty for part-level and item-level problems.
/// </summary>
public sealed record ContentValidationError(string Part, string Field, string Message);
