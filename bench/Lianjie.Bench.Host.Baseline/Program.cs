// The start-up baseline for bench/Lianjie.Bench.Host: a bare ASP.NET Core minimal app with one
// /health endpoint, started the same way as Lianjie.Web (--urls on the command line).
var app = WebApplication.CreateBuilder(args).Build();
app.MapGet("/health", () => Results.Json(new { status = "Healthy" }));
app.Run();
