using LanguageInterpolation.Trainers.Optimizers;
using Xunit;
using static LanguageInterpolation.Tests.Support.TestTensors;

namespace LanguageInterpolation.Tests.Trainers.Optimizers;

public class LionTests
{
    // float32 values of magnitude <= 2 after a handful of ops: rounding stays below ~5e-7.
    private const double Tolerance = 1e-6;

    [Theory]
    [MemberData(nameof(Support.TestDevices.All), MemberType = typeof(Support.TestDevices))]
    public void Step_ThreeHandGradients_MatchesHandComputedParametersAndMomentum(string device)
    {
        // η = 0.1, β1 = 0.9, β2 = 0.99, λ = 0; θ0 = [1, -2, 0.5], m0 = 0.
        using var p = Parameter(device, 1f, -2f, 0.5f);
        using var lion = new Lion([p], learningRate: 0.1, beta1: 0.9, beta2: 0.99);

        // Step 1, g = [0.5, -1, 2]:
        //   c = 0.1·g = [0.05, -0.1, 0.2], sign = [1, -1, 1] → θ = [0.9, -1.9, 0.4]
        //   m = 0.01·g = [0.005, -0.01, 0.02]
        SetGradient(p, 0.5f, -1f, 2f);
        lion.Step();
        AssertClose([0.9, -1.9, 0.4], p, Tolerance);
        AssertClose([0.005, -0.01, 0.02], State(lion, "m.0"), Tolerance);

        // Step 2, g = [-0.01, 0.5, -3]:
        //   c = 0.9·m + 0.1·g = [0.0045 - 0.001, -0.009 + 0.05, 0.018 - 0.3] = [0.0035, 0.041, -0.282]
        //   sign = [1, 1, -1] (entry 0 follows the momentum, not the gradient) → θ = [0.8, -2.0, 0.5]
        //   m = 0.99·m + 0.01·g = [0.00495 - 0.0001, -0.0099 + 0.005, 0.0198 - 0.03] = [0.00485, -0.0049, -0.0102]
        SetGradient(p, -0.01f, 0.5f, -3f);
        lion.Step();
        AssertClose([0.8, -2.0, 0.5], p, Tolerance);
        AssertClose([0.00485, -0.0049, -0.0102], State(lion, "m.0"), Tolerance);

        // Step 3, g = [-0.05, 0.05, 0.1]:
        //   c = 0.9·m + 0.1·g = [0.004365 - 0.005, -0.00441 + 0.005, -0.00918 + 0.01] = [-0.000635, 0.00059, 0.00082]
        //   (had m used β1 instead of β2, entry 0 would be 0.9·0.044 - 0.005 > 0 and move the other way)
        //   sign = [-1, 1, 1] → θ = [0.9, -2.1, 0.4]
        //   m = 0.99·m + 0.01·g = [0.0048015 - 0.0005, -0.004851 + 0.0005, -0.010098 + 0.001] = [0.0043015, -0.004351, -0.009098]
        SetGradient(p, -0.05f, 0.05f, 0.1f);
        lion.Step();
        AssertClose([0.9, -2.1, 0.4], p, Tolerance);
        AssertClose([0.0043015, -0.004351, -0.009098], State(lion, "m.0"), Tolerance);
        Assert.Equal(3, lion.StepCount);
    }

    [Fact]
    public void Step_WeightDecay_ShrinksParametersBeforeTheSignStep()
    {
        // η = 0.1, λ = 0.5: θ·(1 - 0.05) - 0.1·sign(0.1·g)
        //   θ = [1, -2, 0.5], g = [0.5, -1, 2] → [0.95 - 0.1, -1.9 + 0.1, 0.475 - 0.1] = [0.85, -1.8, 0.375]
        using var p = Parameter("cpu", 1f, -2f, 0.5f);
        using var lion = new Lion([p], learningRate: 0.1, weightDecay: 0.5);
        SetGradient(p, 0.5f, -1f, 2f);

        lion.Step();

        AssertClose([0.85, -1.8, 0.375], p, Tolerance);
    }

    [Fact]
    public void Step_ZeroGradientWithWeightDecay_ShrinksByOneMinusLearningRateTimesDecay()
    {
        // g = 0 → c = 0, sign(c) = 0: only the decay acts, θ·(1 - 0.1·0.5) = θ·0.95
        using var p = Parameter("cpu", 1f, -2f, 0.5f);
        using var lion = new Lion([p], learningRate: 0.1, weightDecay: 0.5);
        SetGradient(p, 0f, 0f, 0f);

        lion.Step();

        AssertClose([0.95, -1.9, 0.475], p, Tolerance);
    }
}
