using Lianjie.Testing;

namespace Lianjie.Web.Tests.Browser;

[CollectionDefinition(BrowserSession.Collection, DisableParallelization = true)]
public sealed class BrowserCollection;
