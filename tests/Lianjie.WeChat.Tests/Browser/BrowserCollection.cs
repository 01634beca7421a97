using Lianjie.Testing;

namespace Lianjie.WeChat.Tests.Browser;

/// <summary>Browser tests run alone: Chromium plus a live host time out when they share two cores with the rest of the suite.</summary>
[CollectionDefinition(BrowserSession.Collection, DisableParallelization = true)]
public sealed class BrowserCollection;
