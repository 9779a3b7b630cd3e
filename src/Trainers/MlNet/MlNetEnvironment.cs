using System.Reflection;
using Microsoft.ML.Runtime;

namespace LanguageInterpolation.Trainers.MlNet;

/// <summary>
/// The ML.NET host environment behind a catalog, so that a third-party trainer's progress reaches
/// <c>MLContext.Log</c> like a built-in trainer's. ML.NET exposes it only through an internal interface
/// (<c>IInternalCatalog.Environment</c>), so it is read by reflection; if a future ML.NET moves it, the
/// trainers still work and simply log nothing.
/// </summary>
internal static class MlNetEnvironment
{
    public static IHostEnvironment? Of(object catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        for (Type? type = catalog.GetType(); type is not null; type = type.BaseType)
        {
            foreach (Type contract in type.GetInterfaces().Where(contract => contract.Name == "IInternalCatalog"))
            {
                PropertyInfo? environment = contract.GetProperty("Environment", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic);
                if (environment?.GetValue(catalog) is IHostEnvironment host)
                {
                    return host;
                }
            }
        }
        return null;
    }
}
