using LanguageInterpolation.Common.MlNet;
using LanguageInterpolation.Tests.Support;
using LanguageInterpolation.Transforms.Windowing;
using Microsoft.ML;
using Microsoft.ML.Trainers;
using Xunit;

namespace LanguageInterpolation.Tests.Common.MlNet;

// What the library reads from ML.NET's internals, pinned to the ML.NET version it is built with: these fail
// loudly when an ML.NET update moves one of them (the library then fails with a message naming it).
public class MlNetInternalsTests
{
    [Fact]
    public void EnvironmentOf_Catalogs_IsFound()
    {
        var mlContext = new MLContext(7);

        Assert.NotNull(MlNetInternals.EnvironmentOf(mlContext.MulticlassClassification.Trainers));
        Assert.NotNull(MlNetInternals.EnvironmentOf(mlContext.Transforms.Text));
    }

    [Fact]
    public void RequireContextOf_ObjectWithoutContext_SaysWhatToDoInstead()
    {
        var error = Assert.Throws<InvalidOperationException>(() => MlNetInternals.RequireEnvironmentOf(new object(), "construct it directly."));

        Assert.Contains("does not expose the environment behind Object", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("construct it directly.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TrainerInfo_HasTheFlagsAskedFor()
    {
        TrainerInfo info = MlNetInternals.TrainerInfo(normalization: false, caching: false, supportValid: true);

        Assert.False(info.NeedNormalization);
        Assert.False(info.WantCaching);
    }

    [Fact]
    public void SubModelsOf_LightGbmMulticlass_OnePerClass()
    {
        var mlContext = new MLContext(0);
        CharacterWindowData data = SmallData.Dunwich(mlContext, characters: 1_500);
        var trainer = mlContext.MulticlassClassification.Trainers.LightGbm(numberOfIterations: 2, numberOfLeaves: 4);

        var model = trainer.Fit(data.Train);

        Assert.Equal(data.Vocabulary.Count, MlNetInternals.SubModelsOf((OneVersusAllModelParameters)(object)model.Model).Count);
    }
}
