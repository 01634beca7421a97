using Lianjie.Web.Cli;
using Lianjie.Web.Hosting;

// One executable: a verb (setup, recipe, features, apikey, followers) runs the command line;
// anything else starts the web host.
if (CliApp.IsVerb(args))
{
    return await CliApp.RunAsync(args);
}

var app = LianjieHost.Build(args);
await app.RunAsync();
return 0;

public partial class Program;
