namespace Lianjie.Workflows.Rules;

internal sealed class TagRuleService
{
}
