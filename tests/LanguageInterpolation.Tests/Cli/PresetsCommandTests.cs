using LanguageInterpolation.Trainers.Presets;
using System.Globalization;
using System.Text.Json.Nodes;
using LanguageInterpolation.Cli.Infrastructure;
using LanguageInterpolation.Trainers.Networks;
using Xunit;

namespace LanguageInterpolation.Tests.Cli;

public sealed class PresetsCommandTests
{
    [Fact]
    public void Presets_ListsEveryShippedPresetWithTypeAndParameterCount()
    {
        var (code, output, _) = CliRun.Run("presets");

        Assert.Equal(ExitCodes.Success, code);
        foreach (string name in NetworkPresets.Names)
        {
            Assert.Contains("│ " + name + " ", output, StringComparison.Ordinal);
        }
        // The original's counts plus trainable layer norms, for 128 ASCII classes and 16-character windows.
        Assert.Matches(@"│ small +│ high_order_mlp +│ 44,380 ", output);
        Assert.Matches(@"│ large_standard +│ high_order_input_mlp +│ 1,119,878 ", output);
    }

    [Fact]
    public void PresetsShow_PrintsTheFullPresetAsJson()
    {
        var (code, output, _) = CliRun.Run("presets", "show", "small");

        Assert.Equal(ExitCodes.Success, code);
        JsonObject preset = JsonNode.Parse(output)!.AsObject();
        Assert.Equal("small", (string)preset["name"]!);
        Assert.Equal(10, (int)preset["network"]!["hidden_width"]!);
        Assert.Equal(4096, (int)preset["training"]!["evaluation_batch_size"]!); // a default the file does not write
        Assert.Equal(NetworkPresets.Load("small"), NetworkPresets.Parse(output, "stdout"));
    }

    [Fact]
    public void PresetsShow_WithSet_PrintsThePresetAfterTheOverrides()
    {
        var (code, output, _) = CliRun.Run("presets", "show", "large_standard", "--set", "network.hidden_width=100", "--set", "training.batch_size=64");

        Assert.Equal(ExitCodes.Success, code);
        JsonObject preset = JsonNode.Parse(output)!.AsObject();
        Assert.Equal(100, (int)preset["network"]!["hidden_width"]!);
        Assert.Equal(64, (int)preset["training"]!["batch_size"]!);
        Assert.Equal(0.0001, (double)preset["training"]!["optimizer"]!["learning_rate"]!, 12);
    }

    [Theory]
    [InlineData("nope", "Unknown trainer 'nope'")]
    [InlineData("lightgbm", "lightgbm is not a preset")]
    public void PresetsShow_NotAPreset_ExitsBadInput(string name, string expected)
    {
        var (code, output, error) = CliRun.Run("presets", "show", name);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Empty(output);
    }

    [Fact]
    public void ParameterCount_IsForTheDefaultWindowAndAsciiVocabulary()
    {
        NetworkPreset small = NetworkPresets.Load("small");

        Assert.Equal(small.Network.WithShape(16, 128).ParameterCount(), LanguageInterpolation.Cli.Commands.PresetsCommand.ParameterCount(small));
        Assert.Equal("44,380", LanguageInterpolation.Cli.Commands.PresetsCommand.ParameterCount(small).ToString("N0", CultureInfo.InvariantCulture));
    }
}
