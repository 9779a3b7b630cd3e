using System.Collections;
using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Runtime;
using Microsoft.ML.Trainers;

namespace LanguageInterpolation.Common.MlNet;

/// <summary>
/// The one place that reads what ML.NET keeps internal, for the three things a third-party library cannot
/// do through its public API: (1) find the caller's environment behind a catalog (ML.NET's own catalog
/// extensions read it through the internal <c>IInternalCatalog.Environment</c>), so that a trainer or
/// featurizer created with <c>mlContext.X.Y(...)</c> logs to the caller's <c>mlContext.Log</c>; (2) describe
/// a trainer with <see cref="TrainerInfo"/>, whose constructor is not public; (3) list the per-class models
/// of a one-versus-all model (<c>OneVersusAllModelParameters.SubModelParameters</c>), whose trees the
/// LightGBM exporter rewrites. Checked against ML.NET 5.0.1 by <c>MlNetInternalsTests</c>, which fail loudly
/// if a later ML.NET moves any of them; the code paths that use them then fail with a message naming what
/// moved.
/// </summary>
/// <remarks>
/// A catalog holds the caller's environment but not the caller's <see cref="MLContext"/>, and ML.NET builds
/// components (ApplyOnnxModel, CustomMapping, MapValueToKey) only through an MLContext. So a component made
/// from a catalog builds its stateless inner components with the context from <see cref="ComponentContext"/>,
/// whose log is forwarded to the caller's environment; a component constructed with the caller's MLContext
/// (what this library's own pipelines do) uses that context throughout.
/// </remarks>
public static class MlNetInternals
{
    private const string CatalogInterface = "IInternalCatalog";
    private const string CatalogEnvironment = "Environment";
    private const string SubModelsMember = "SubModelParameters";
    private const string CalibratedSubModel = "SubModel";

    /// <summary>The caller's environment behind a catalog, or null when this ML.NET hides it elsewhere.</summary>
    public static IHostEnvironment? EnvironmentOf(object catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        for (Type? type = catalog.GetType(); type is not null; type = type.BaseType)
        {
            foreach (Type contract in type.GetInterfaces().Where(contract => contract.Name == CatalogInterface))
            {
                PropertyInfo? environment = contract.GetProperty(CatalogEnvironment, BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic);
                if (environment?.GetValue(catalog) is IHostEnvironment host)
                {
                    return host;
                }
            }
        }
        return null;
    }

    /// <summary>The caller's environment behind a catalog.</summary>
    /// <exception cref="InvalidOperationException">This ML.NET version hides it elsewhere; the message says what to do instead.</exception>
    public static IHostEnvironment RequireEnvironmentOf(object catalog, string alternative)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return EnvironmentOf(catalog) ?? throw new InvalidOperationException(
            $"This ML.NET version does not expose the environment behind {catalog.GetType().Name} where LanguageInterpolation expects it ({CatalogInterface}.{CatalogEnvironment}); {alternative}");
    }

    /// <summary>
    /// An <see cref="MLContext"/> to build stateless inner components of something created from a catalog:
    /// its log messages (information, warnings, errors) go to the caller's <paramref name="environment"/>.
    /// </summary>
    public static MLContext ComponentContext(IHostEnvironment environment, string name)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var components = new MLContext(seed: 0);
        IChannel channel = environment.Start(name);
        components.Log += (_, message) =>
        {
            switch (message.Kind)
            {
                case ChannelMessageKind.Error:
                    channel.Error(MessageSensitivity.None, message.Message);
                    break;
                case ChannelMessageKind.Warning:
                    channel.Warning(MessageSensitivity.None, message.Message);
                    break;
                case ChannelMessageKind.Info:
                    channel.Info(MessageSensitivity.None, message.Message);
                    break;
            }
        };
        return components;
    }

    /// <summary>A <see cref="TrainerInfo"/> with the given flags (its constructor is not public).</summary>
    /// <exception cref="NotSupportedException">This ML.NET version has no such constructor.</exception>
    public static TrainerInfo TrainerInfo(bool normalization, bool caching, bool supportValid)
    {
        ConstructorInfo constructor = typeof(TrainerInfo).GetConstructor(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic,
                [typeof(bool), typeof(bool), typeof(bool), typeof(bool), typeof(bool), typeof(bool)])
            ?? throw new NotSupportedException($"This ML.NET version has no {nameof(Microsoft.ML.TrainerInfo)}(normalization, calibration, caching, supportValid, supportIncrementalTrain, supportTest) constructor.");
        return (TrainerInfo)constructor.Invoke([normalization, false, caching, supportValid, false, false]);
    }

    /// <summary>The per-class models of a one-versus-all model, in class order.</summary>
    /// <exception cref="NotSupportedException">This ML.NET version keeps them elsewhere.</exception>
    public static IReadOnlyList<object> SubModelsOf(OneVersusAllModelParameters model)
    {
        ArgumentNullException.ThrowIfNull(model);
        PropertyInfo? member = typeof(OneVersusAllModelParameters).GetProperty(SubModelsMember, BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic);
        if (member?.GetValue(model) is not IEnumerable subModels)
        {
            throw new NotSupportedException(
                $"This ML.NET version has no {nameof(OneVersusAllModelParameters)}.{SubModelsMember}; the per-class models cannot be read.");
        }
        return [.. subModels.Cast<object>()];
    }

    /// <summary>The model inside a calibrated model (any <see cref="CalibratedModelParametersBase{TSubModel, TCalibrator}"/>), or null if <paramref name="model"/> is not calibrated.</summary>
    public static object? UncalibratedOf(object model)
    {
        ArgumentNullException.ThrowIfNull(model);
        Type? calibrated = model.GetType();
        while (calibrated is not null && !(calibrated.IsGenericType && calibrated.GetGenericTypeDefinition() == typeof(CalibratedModelParametersBase<,>)))
        {
            calibrated = calibrated.BaseType;
        }
        // SubModel is public, but only on the generic type, whose arguments differ per trainer.
        return calibrated?.GetProperty(CalibratedSubModel, BindingFlags.Instance | BindingFlags.Public | BindingFlags.DeclaredOnly)?.GetValue(model);
    }
}
