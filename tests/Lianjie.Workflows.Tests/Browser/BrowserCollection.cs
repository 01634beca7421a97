using Lianjie.Testing;

namespace Lianjie.Workflows.Tests.Browser;

[CollectionDefinition(BrowserSession.Collection, DisableParallelization = true)]
public sealed class BrowserCollection;
