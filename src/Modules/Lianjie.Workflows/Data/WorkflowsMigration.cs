using Lianjie.Core.Data;

namespace Lianjie.Workflows.Data;

/// <summary>Workflow definitions, instances (with their blocking activities as indexed rows), delivery bookkeeping and counters.</summary>
internal sealed class WorkflowsMigration : IDataMigration
{
    public string Module => "Lianjie.Workflows";

    public IReadOnlyList<MigrationStep> Steps { get; } =
    [
        new(1, b =>
        {
            b.CreateTable(
                "WorkflowTypes",
                t => new
                {
                    WorkflowTypeId = t.Column<string>(maxLength: 100),
                    Name = t.Column<string>(maxLength: 200),
                    IsEnabled = t.Column<bool>(),

                    // "|EventA|EventB|": start activity names, so the reactor finds candidates with one LIKE.
                    StartActivities = t.Column<string>(maxLength: 2000),
                    Document = t.Column<string>(),
                    UpdatedUtc = t.Column<DateTime>(),
                },
                constraints: t => t.PrimaryKey("PK_WorkflowTypes", x => x.WorkflowTypeId));
            b.CreateIndex("IX_WorkflowTypes_IsEnabled", "WorkflowTypes", "IsEnabled");

            b.CreateTable(
                "WorkflowInstances",
                t => new
                {
                    WorkflowId = t.Column<string>(maxLength: 100),
                    WorkflowTypeId = t.Column<string>(maxLength: 100),
                    Status = t.Column<string>(maxLength: 20),
                    CorrelationId = t.Column<string>(maxLength: 100, nullable: true),
                    FaultMessage = t.Column<string>(maxLength: 2000, nullable: true),
                    Document = t.Column<string>(),
                    Version = t.Column<int>(),
                    CreatedUtc = t.Column<DateTime>(),
                    UpdatedUtc = t.Column<DateTime>(),
                },
                constraints: t => t.PrimaryKey("PK_WorkflowInstances", x => x.WorkflowId));
            b.CreateIndex("IX_WorkflowInstances_Type_Status", "WorkflowInstances", ["WorkflowTypeId", "Status"]);
            b.CreateIndex("IX_WorkflowInstances_Status", "WorkflowInstances", "Status");
            b.CreateIndex("IX_WorkflowInstances_CorrelationId", "WorkflowInstances", "CorrelationId");

            b.CreateTable(
                "WorkflowBlockingActivities",
                t => new
                {
                    Id = t.Column<long>().AutoIncrement(),
                    WorkflowId = t.Column<string>(maxLength: 100),
                    ActivityId = t.Column<string>(maxLength: 100),
                    ActivityName = t.Column<string>(maxLength: 200),
                    IsEvent = t.Column<bool>(),
                    CorrelationId = t.Column<string>(maxLength: 100, nullable: true),
                    DueUtc = t.Column<DateTime>(nullable: true),
                },
                constraints: t => t.PrimaryKey("PK_WorkflowBlockingActivities", x => x.Id));
            b.CreateIndex("IX_WorkflowBlockingActivities_WorkflowId", "WorkflowBlockingActivities", "WorkflowId");
            b.CreateIndex("IX_WorkflowBlockingActivities_Name", "WorkflowBlockingActivities", ["ActivityName", "CorrelationId"]);
            b.CreateIndex("IX_WorkflowBlockingActivities_DueUtc", "WorkflowBlockingActivities", "DueUtc");

            b.CreateTable(
                "WorkflowFiredTriggers",
                t => new
                {
                    WorkflowTypeId = t.Column<string>(maxLength: 100),
                    LedgerPosition = t.Column<long>(),

                    // Start activity id, or "resume:<workflow>:<activity>" for an event that resumed an instance.
                    Target = t.Column<string>(maxLength: 250),
                    FiredUtc = t.Column<DateTime>(),
                },
                constraints: t => t.PrimaryKey("PK_WorkflowFiredTriggers", x => new { x.WorkflowTypeId, x.LedgerPosition, x.Target }));

            b.CreateTable(
                "WorkflowDeliveryFailures",
                t => new
                {
                    Id = t.Column<long>().AutoIncrement(),
                    WorkflowTypeId = t.Column<string>(maxLength: 100),
                    WorkflowId = t.Column<string>(maxLength: 100, nullable: true),
                    ActivityId = t.Column<string>(maxLength: 100),
                    IsResume = t.Column<bool>(),
                    LedgerPosition = t.Column<long>(),
                    CorrelationId = t.Column<string>(maxLength: 100, nullable: true),
                    Input = t.Column<string>(),
                    Snapshot = t.Column<string>(nullable: true),
                    Attempts = t.Column<int>(),
                    Status = t.Column<string>(maxLength: 20),
                    Error = t.Column<string>(maxLength: 4000),
                    NextAttemptUtc = t.Column<DateTime>(),
                    CreatedUtc = t.Column<DateTime>(),
                    UpdatedUtc = t.Column<DateTime>(),
                },
                constraints: t => t.PrimaryKey("PK_WorkflowDeliveryFailures", x => x.Id));
            b.CreateIndex("IX_WorkflowDeliveryFailures_Status_Next", "WorkflowDeliveryFailures", ["Status", "NextAttemptUtc"]);

            b.CreateTable(
                "WorkflowCounters",
                t => new
                {
                    FollowerId = t.Column<long>(),
                    CounterKey = t.Column<string>(maxLength: 300),

                    // DateOnly.DayNumber of the event's UTC date: integer arithmetic for windows on both providers.
                    Day = t.Column<int>(),
                    Count = t.Column<int>(),
                },
                constraints: t => t.PrimaryKey("PK_WorkflowCounters", x => new { x.FollowerId, x.CounterKey, x.Day }));
            b.CreateIndex("IX_WorkflowCounters_Key_Day", "WorkflowCounters", ["CounterKey", "Day"]);

            b.CreateTable(
                "WorkflowSegmentListMembers",
                t => new
                {
                    ListName = t.Column<string>(maxLength: 200),
                    FollowerId = t.Column<long>(),
                    WorkflowTypeId = t.Column<string>(maxLength: 100, nullable: true),
                    AddedUtc = t.Column<DateTime>(),
                },
                constraints: t => t.PrimaryKey("PK_WorkflowSegmentListMembers", x => new { x.ListName, x.FollowerId }));
        }),

        // Finished instances past their retention are found by status and age (FinishedWorkflowTrimmer).
        new(2, b => b.CreateIndex("IX_WorkflowInstances_Status_UpdatedUtc", "WorkflowInstances", ["Status", "UpdatedUtc"])),
    ];
}
