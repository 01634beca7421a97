using System.Runtime.CompilerServices;
using Lianjie.Testing;

namespace Lianjie.Web.Tests.Infrastructure;

internal static class TestModuleRegistration
{
    /// <summary>Installs this assembly's test modules (Test.Alpha, Test.Beta) in every test site.</summary>
    [ModuleInitializer]
    internal static void Register() => TestSite.ExtraModuleAssemblies = [typeof(TestModuleRegistration).Assembly];
}
