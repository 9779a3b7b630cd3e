using LanguageInterpolation.Trainers.Networks;
using LanguageInterpolation.Trainers.Presets;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace LanguageInterpolation.Tests.Trainers.Networks;

public class TailFocusTests
{
    [Fact]
    public void Preset_HighOrderTailFocus_HasCorrectWidthsAndFocusZeroKeepsNothing()
    {
        var config = (TailFocusConfig)NetworkPresets.Load("high_order_tail_focus").Network.WithShape(256, 128);

        // Seed study §2.4: levels 256 -> 31 -> 30 -> 2. The original concatenated 12,206 values (focus 0 took whole
        // levels); here focus [0, 0, 16] keeps 250 × 16 of level 2 and the whole last level, 100 × 2.
        Assert.Equal([256, 31, 30, 2], config.LevelLengths());
        Assert.Equal(250 * 16 + 100 * 2, config.FeatureWidth);
        Assert.Equal(144, config.MinimumWindowSize);
        using var network = (TailFocus)config.Build(new Generator(0));
        Assert.Equal(new long[] { 128, 4_200 }, network.OutputLayer.weight!.shape);
        Assert.Equal(config.ParameterCount(), network.ParameterCount);
    }

    [Fact]
    public void Forward_OutputReadingOnlyTheWindowTail_GivesTheEncodedLastCharacters()
    {
        // Features start with the window's last Focus[0] = 3 values; an output layer that copies feature v to logit v
        // returns them: x = (2c + 1)/V - 1 for the last three ids.
        using var scope = NewDisposeScope();
        const int classes = 10;
        var config = new TailFocusConfig { Channels = [2], KernelSizes = [2], Strides = [2], Segments = [4], Focus = [3], WindowSize = 6, VocabularySize = classes };
        var network = (TailFocus)config.Build(new Generator(1));
        using (no_grad())
        {
            network.OutputLayer.weight!.zero_();
            network.OutputLayer.bias!.zero_();
            for (int v = 0; v < 3; v++)
            {
                network.OutputLayer.weight![v, v] = 1f;
            }
        }

        float[] logits = network.call(tensor(new long[] { 9, 9, 9, 0, 4, 7 }, [1, 6])).data<float>().ToArray();

        Assert.Equal([-0.9f, -0.1f, 0.5f], logits[..3], (a, b) => Math.Abs(a - b) < 1e-6);
        Assert.All(logits[3..], value => Assert.Equal(0f, value));
    }

    [Fact]
    public void Validate_FocusLongerThanItsLevel_SaysTheLength()
    {
        NetworkConfig config = new TailFocusConfig { Focus = [8, 9] }.WithShape(16, 30);
        var error = Assert.Throws<ArgumentException>(config.Validate);
        Assert.Contains("Focus[1] must be between 0 and the length of level 1 (7 for a window of 16), got 9", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_RoundTrip_KeepsFocus()
    {
        NetworkConfig config = new TailFocusConfig { Focus = [2, 1] }.WithShape(16, 30);
        Assert.Equal(config, NetworkJson.Deserialize(NetworkJson.Serialize(config)));
        Assert.NotEqual(config, ((TailFocusConfig)config) with { Focus = [2, 2] });
    }
}
