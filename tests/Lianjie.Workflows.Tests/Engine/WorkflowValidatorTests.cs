using Lianjie.Workflows.Engine;

namespace Lianjie.Workflows.Tests.Engine;

public sealed class WorkflowValidatorTests : IDisposable
{
    private readonly WorkflowTestHost _host = new();

    public void Dispose() => _host.Dispose();

    [Fact]
    public void Fixture_workflows_report_exactly_the_orchard_activities_lianjie_lacks()
    {
        var validator = _host.CreateValidator();
        var (_, type) = WorkflowRecipeReaderTests.FixtureWorkflowTypes().Single(t => t.File == "comingsoon.recipe.json");

        var result = validator.Validate(type);

        Assert.Equal(
            ["AddModelValidationErrorTask", "BindModelStateTask", "HttpRedirectTask", "HttpRequestEvent",
             "RegisterUserTask", "ValidateFormFieldTask", "ValidateFormTask", "ValidateReCaptchaTask"],
            result.UnknownActivityNames);
        Assert.Equal(8, result.OfKind(WorkflowValidationIssueKind.UnknownActivity).Count());

        // The activities Lianjie does know (ForkTask, JoinTask, ScriptTask) are wired correctly in the fixture.
        Assert.Empty(result.OfKind(WorkflowValidationIssueKind.DanglingOutcome));
        Assert.Empty(result.OfKind(WorkflowValidationIssueKind.UnreachableActivity));
        Assert.Empty(result.OfKind(WorkflowValidationIssueKind.TransitionToMissingActivity));
        Assert.False(result.CanBeEnabled);
    }

    [Fact]
    public void Import_with_unknown_activities_is_kept_but_disabled()
    {
        var validator = _host.CreateValidator();
        var type = new WorkflowBuilder()
            .Start("start", "ContentPublishedEvent")
            .Activity("notify", "NotifyTask")
            .Connect("start", "Done", "notify")
            .Build();
        Assert.True(type.IsEnabled);

        var result = validator.PrepareForImport(type);

        Assert.False(type.IsEnabled);
        Assert.Equal(["ContentPublishedEvent"], result.UnknownActivityNames);
        Assert.False(validator.CanBeEnabled(type));
    }

    [Fact]
    public async Task Engine_refuses_to_start_an_enabled_type_with_unknown_activities()
    {
        var type = await _host.AddAsync(new WorkflowBuilder()
            .Start("start", TestEvent.FollowerSubscribed)
            .Activity("x", "SendSmsTask")
            .Connect("start", "Done", "x")
            .Build());

        var started = await _host.CreateEngine().TriggerEventAsync(TestEvent.FollowerSubscribed);

        Assert.Empty(started);
        Assert.Empty(await _host.Store.ListByTypeAsync(type.WorkflowTypeId));
    }

    [Fact]
    public void Known_workflow_validates_clean()
    {
        var type = new WorkflowBuilder()
            .Start("start", TestEvent.FollowerSubscribed)
            .Activity("if", "IfElseTask", new() { ["Condition"] = WorkflowBuilder.Expr("true") })
            .Set("yes", "a", "1")
            .Set("no", "a", "2")
            .Connect("start", "Done", "if")
            .Connect("if", "True", "yes")
            .Connect("if", "False", "no")
            .Build();

        var result = _host.CreateValidator().Validate(type);

        Assert.True(result.IsValid, string.Join("; ", result.Issues.Select(i => i.Message)));
        Assert.True(result.CanBeEnabled);
    }

    [Fact]
    public void Transition_to_missing_activity_is_reported()
    {
        var type = new WorkflowBuilder()
            .Start("start", TestEvent.FollowerSubscribed)
            .Connect("start", "Done", "ghost")
            .Build();

        var issue = Assert.Single(_host.CreateValidator().Validate(type).Issues);

        Assert.Equal(WorkflowValidationIssueKind.TransitionToMissingActivity, issue.Kind);
        Assert.Contains("ghost", issue.Message);
    }

    [Fact]
    public void Unreachable_activity_is_reported()
    {
        var type = new WorkflowBuilder()
            .Start("start", TestEvent.FollowerSubscribed)
            .Set("linked", "a", "1")
            .Set("island", "b", "2")
            .Set("island2", "c", "3")
            .Connect("start", "Done", "linked")
            .Connect("island", "Done", "island2")
            .Build();

        var unreachable = _host.CreateValidator().Validate(type).OfKind(WorkflowValidationIssueKind.UnreachableActivity).ToList();

        Assert.Equal(["island", "island2"], unreachable.Select(i => i.ActivityId).Order());
    }

    [Fact]
    public void Transition_from_an_outcome_the_activity_lacks_is_dangling()
    {
        var type = new WorkflowBuilder()
            .Start("start", TestEvent.FollowerSubscribed)
            .Activity("if", "IfElseTask", new() { ["Condition"] = WorkflowBuilder.Expr("true") })
            .Set("x", "a", "1")
            .Connect("start", "Done", "if")
            .Connect("if", "Maybe", "x")
            .Build();

        var issue = Assert.Single(_host.CreateValidator().Validate(type).Issues);

        Assert.Equal(WorkflowValidationIssueKind.DanglingOutcome, issue.Kind);
        Assert.Equal("if", issue.ActivityId);
    }

    [Fact]
    public void Missing_start_and_non_event_start_are_reported()
    {
        var noStart = new WorkflowBuilder().Set("x", "a", "1").Build();
        var taskStart = new WorkflowBuilder().Start("x", "SetPropertyTask").Build();
        var validator = _host.CreateValidator();

        Assert.Contains(validator.Validate(noStart).Issues, i => i.Kind == WorkflowValidationIssueKind.MissingStartActivity);
        Assert.Contains(validator.Validate(taskStart).Issues, i => i.Kind == WorkflowValidationIssueKind.StartActivityIsNotEvent);
    }
}
