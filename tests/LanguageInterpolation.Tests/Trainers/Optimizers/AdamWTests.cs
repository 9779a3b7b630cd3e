using LanguageInterpolation.Trainers.Optimizers;
using Xunit;
using static LanguageInterpolation.Tests.Support.TestTensors;

namespace LanguageInterpolation.Tests.Trainers.Optimizers;

public class AdamWTests
{
    // float32 values of magnitude <= 2 after a handful of ops: rounding stays below ~5e-7.
    private const double Tolerance = 1e-6;

    [Fact]
    public void Step_ZeroGradient_ShrinksByOneMinusLearningRateTimesDecay()
    {
        // Decoupled: θ·(1 - 0.1·0.1) = θ·0.99; m = v = 0 so the Adam part is 0/(0 + ε) = 0.
        using var p = Parameter("cpu", 1f, -2f, 0.5f);
        using var adamW = new AdamW([p], learningRate: 0.1, weightDecay: 0.1);
        SetGradient(p, 0f, 0f, 0f);

        adamW.Step();

        AssertClose([0.99, -1.98, 0.495], p, Tolerance);
    }

    [Theory]
    [MemberData(nameof(Support.TestDevices.All), MemberType = typeof(Support.TestDevices))]
    public void Step_TwoHandGradients_MatchesHandComputedValues(string device)
    {
        // η = 0.1, λ = 0.5 (decay factor 1 - 0.05 = 0.95), β1 = 0.9, β2 = 0.999; θ0 = [1, -2, 0.5].
        // The Adam parts are those of AdamTests: step 1 ≈ 0.1·sign(g), step 2 = [-0.00526316, -0.1, 0.0932180].
        using var p = Parameter(device, 1f, -2f, 0.5f);
        using var adamW = new AdamW([p], learningRate: 0.1, weightDecay: 0.5);

        // Step 1, g = [0.5, -1, 2]: θ = [0.95 - 0.1, -1.9 + 0.1, 0.475 - 0.1] = [0.85, -1.8, 0.375]
        SetGradient(p, 0.5f, -1f, 2f);
        adamW.Step();
        AssertClose([0.85, -1.8, 0.375], p, Tolerance);

        // Step 2, g = [-0.5, -1, 1]:
        //   θ = [0.85·0.95 + 0.00526316, -1.8·0.95 + 0.1, 0.375·0.95 - 0.0932180]
        //     = [0.8075 + 0.00526316, -1.71 + 0.1, 0.35625 - 0.0932180] = [0.81276316, -1.61, 0.2630320]
        SetGradient(p, -0.5f, -1f, 1f);
        adamW.Step();
        AssertClose([0.81276316, -1.61, 0.2630320], p, Tolerance);
    }
}
