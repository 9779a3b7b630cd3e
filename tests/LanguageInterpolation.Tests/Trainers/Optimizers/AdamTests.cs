using LanguageInterpolation.Trainers.Optimizers;
using Xunit;
using static LanguageInterpolation.Tests.Support.TestTensors;

namespace LanguageInterpolation.Tests.Trainers.Optimizers;

public class AdamTests
{
    // float32 values of magnitude <= 2 after a handful of ops: rounding stays below ~5e-7.
    private const double Tolerance = 1e-6;

    [Theory]
    [MemberData(nameof(Support.TestDevices.All), MemberType = typeof(Support.TestDevices))]
    public void Step_TwoHandGradients_MatchesHandComputedValues(string device)
    {
        // η = 0.1, β1 = 0.9, β2 = 0.999, ε = 1e-8, λ = 0; θ0 = [1, -2, 0.5].
        using var p = Parameter(device, 1f, -2f, 0.5f);
        using var adam = new Adam([p], learningRate: 0.1);

        // Step 1, g = [0.5, -1, 2]: m = 0.1·g = [0.05, -0.1, 0.2], v = 0.001·g² = [0.00025, 0.001, 0.004]
        //   m̂ = m/0.1 = g, v̂ = v/0.001 = g², step = 0.1·g/(|g| + 1e-8) ≈ 0.1·sign(g) → θ = [0.9, -1.9, 0.4]
        SetGradient(p, 0.5f, -1f, 2f);
        adam.Step();
        AssertClose([0.9, -1.9, 0.4], p, Tolerance);
        AssertClose([0.05, -0.1, 0.2], State(adam, "m.0"), Tolerance);
        AssertClose([0.00025, 0.001, 0.004], State(adam, "v.0"), Tolerance);

        // Step 2, g = [-0.5, -1, 1]; bias corrections 1 - 0.9² = 0.19, 1 - 0.999² = 0.001999.
        //   entry 0: m = 0.045 - 0.05 = -0.005, v = 0.00024975 + 0.00025 = 0.00049975
        //            m̂ = -0.005/0.19 = -0.0263158, v̂ = 0.00049975/0.001999 = 0.25, √v̂ = 0.5
        //            θ = 0.9 - 0.1·(-0.0263158)/0.5 = 0.9 + 0.00526316 = 0.90526316
        //   entry 1: m = -0.09 - 0.1 = -0.19, v = 0.000999 + 0.001 = 0.001999 → m̂ = -1, v̂ = 1
        //            θ = -1.9 + 0.1 = -1.8 (a constant gradient keeps a step of exactly η)
        //   entry 2: m = 0.18 + 0.1 = 0.28, v = 0.003996 + 0.001 = 0.004996
        //            m̂ = 0.28/0.19 = 1.4736842, v̂ = 0.004996/0.001999 = 2.4992496, √v̂ = 1.5809015
        //            θ = 0.4 - 0.1·1.4736842/1.5809015 = 0.4 - 0.0932180 = 0.3067820
        SetGradient(p, -0.5f, -1f, 1f);
        adam.Step();
        AssertClose([0.90526316, -1.8, 0.3067820], p, Tolerance);
        AssertClose([-0.005, -0.19, 0.28], State(adam, "m.0"), Tolerance);
        AssertClose([0.00049975, 0.001999, 0.004996], State(adam, "v.0"), Tolerance);
    }

    [Fact]
    public void Step_FirstStep_MovesEachEntryByLearningRateTimesSignOfGradient()
    {
        // Bias correction at t = 1: m̂ = g, v̂ = g², so the step is η·g/(|g| + ε) = η·sign(g)·(1 - ε/|g|).
        // With |g| >= 0.01 the ε term is at most 1e-6·η = 1e-7, below float32 rounding of 0.1.
        using var p = Parameter("cpu", 0f, 0f, 0f);
        using var adam = new Adam([p], learningRate: 0.1);
        SetGradient(p, 0.01f, -5f, 100f);

        adam.Step();

        AssertClose([-0.1, 0.1, -0.1], p, 2e-7);
    }

    [Fact]
    public void Step_WeightDecayWithZeroGradient_ActsAsL2GradientNotAsShrinkage()
    {
        // λ = 0.1 enters the gradient: g = 0 + 0.1·θ = [0.1, -0.2, 0.05]; the first step is then
        // η·sign(g) = 0.1·[1, -1, 1] → θ = [0.9, -1.9, 0.4] (AdamW would give θ·(1 - 0.01) = [0.99, -1.98, 0.495]).
        using var p = Parameter("cpu", 1f, -2f, 0.5f);
        using var adam = new Adam([p], learningRate: 0.1, weightDecay: 0.1);
        SetGradient(p, 0f, 0f, 0f);

        adam.Step();

        AssertClose([0.9, -1.9, 0.4], p, Tolerance);
    }
}
