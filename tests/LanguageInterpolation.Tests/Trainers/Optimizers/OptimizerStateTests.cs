using LanguageInterpolation.Trainers.Optimizers;
using Xunit;
using static LanguageInterpolation.Tests.Support.TestTensors;

namespace LanguageInterpolation.Tests.Trainers.Optimizers;

public class OptimizerStateTests
{
    [Fact]
    public void SaveLoad_AdamAfterTwoSteps_RestoresStateAndStepCountSoTheNextStepMatches()
    {
        using var p = Parameter("cpu", 1f, -2f, 0.5f);
        using var original = new Adam([p], learningRate: 0.1);
        foreach (float[] g in new[] { new[] { 0.5f, -1f, 2f }, new[] { -0.5f, -1f, 1f } })
        {
            SetGradient(p, g);
            original.Step();
        }
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            OptimizerState.Save(original, writer);
        }

        using var q = Parameter("cpu", Values(p).Select(value => (float)value).ToArray());
        using var restored = new Adam([q], learningRate: 0.1);
        stream.Position = 0;
        using (var reader = new BinaryReader(stream))
        {
            OptimizerState.Load(restored, reader);
        }

        Assert.Equal(2, restored.StepCount);
        Assert.Equal(Values(State(original, "m.0")), Values(State(restored, "m.0")));
        Assert.Equal(Values(State(original, "v.0")), Values(State(restored, "v.0")));
        SetGradient(p, 0.3f, 0.3f, -0.3f);
        SetGradient(q, 0.3f, 0.3f, -0.3f);
        original.Step();
        restored.Step();
        Assert.Equal(Values(p), Values(q)); // same state, same t, same gradient: bitwise the same step
    }

    [Fact]
    public void Load_MismatchedShape_ThrowsNamingTheTensor()
    {
        using var small = Parameter("cpu", 1f, 2f, 3f);
        using var large = Parameter("cpu", 1f, 2f, 3f, 4f);
        using var saved = new Lion([small]);
        using var target = new Lion([large]);

        var error = Assert.Throws<InvalidDataException>(() => RoundTrip(saved, target));

        Assert.Contains("'m.0'", error.Message);
        Assert.Contains("[3]", error.Message);
        Assert.Contains("[4]", error.Message);
    }

    [Fact]
    public void Load_LionStateIntoAdam_ThrowsNamingTheMissingTensor()
    {
        using var p = Parameter("cpu", 1f, 2f, 3f);
        using var lion = new Lion([p]);
        using var adam = new Adam([p]);

        var error = Assert.Throws<InvalidDataException>(() => RoundTrip(lion, adam));

        Assert.Contains("'v.0'", error.Message);
    }

    [Fact]
    public void Load_NotAnOptimizerState_ThrowsInvalidData()
    {
        using var p = Parameter("cpu", 1f);
        using var lion = new Lion([p]);
        using var reader = new BinaryReader(new MemoryStream([1, 2, 3]));

        Assert.Throws<InvalidDataException>(() => OptimizerState.Load(lion, reader));
    }

    private static void RoundTrip(IParameterOptimizer from, IParameterOptimizer to)
    {
        using var stream = new MemoryStream();
        using var writer = new BinaryWriter(stream);
        OptimizerState.Save(from, writer);
        stream.Position = 0;
        using var reader = new BinaryReader(stream);
        OptimizerState.Load(to, reader);
    }
}
