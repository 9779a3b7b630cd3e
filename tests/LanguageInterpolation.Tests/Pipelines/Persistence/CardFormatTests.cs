using System.IO.Compression;
using LanguageInterpolation.Cli.Infrastructure;
using LanguageInterpolation.Pipelines.Persistence;
using LanguageInterpolation.Tests.Cli;
using LanguageInterpolation.Tests.Support;
using LanguageInterpolation.Transforms.Vocabulary;
using Xunit;

namespace LanguageInterpolation.Tests.Pipelines.Persistence;

/// <summary>A card is written with the lowest format whose readers know its network type, so that an older reader
/// refuses a newer kind of model in one line; a network type this version does not know is refused in one line.</summary>
public sealed class CardFormatTests
{
    [Theory]
    [InlineData("relu_mlp", "network.hidden_width=8", 1)]
    [InlineData("high_order_mlp", "network.hidden_width=4", 1)]
    [InlineData("high_order_mlp", "network.hidden_layer_kind=Switch", 2)]
    [InlineData("transformer", "network.width=8", 2)]
    public void Save_NetworkModel_WritesTheFormatItsTypeNeeds(string trainer, string setting, int format)
    {
        string zip = Path.Combine(TestData.NewScratchFolder(), "model.zip");
        var train = CliRun.Run("train", "--trainer", trainer, "--max-chars", "2000", "--window", "8", "--epochs", "1", "--threads", "1",
            "--set", setting, "--output", zip);
        Assert.True(train.ExitCode == ExitCodes.Success, train.Error);

        Assert.Equal(format, LanguageModelFile.ReadCard(zip).FormatVersion);
    }

    [Fact]
    public void ReadCard_NetworkTypeThisVersionDoesNotKnow_SaysSoInOneLine()
    {
        string path = Path.Combine(TestData.NewScratchFolder(), "future.zip");
        var card = new ModelCard
        {
            Vocabulary = CharacterVocabulary.Ascii.Serialize(), WindowSize = 8, Trainer = "hyena",
            Network = """{"type":"hyena","window_size":8,"vocabulary_size":128}""",
        };
        using (ZipArchive zip = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            using var writer = new StreamWriter(zip.CreateEntry(LanguageModelFile.CardEntry).Open());
            writer.Write(card.ToJson());
        }

        var error = Assert.Throws<InvalidDataException>(() => LanguageModelFile.ReadCard(path));

        Assert.StartsWith($"Model {path} holds a 'hyena' network, which this version does not know (it knows ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void ReadCard_NewerFormat_SaysWhichFormatThisVersionReads()
    {
        string path = Path.Combine(TestData.NewScratchFolder(), "newer.zip");
        var card = new ModelCard { Vocabulary = CharacterVocabulary.Ascii.Serialize(), WindowSize = 8, Trainer = "x", FormatVersion = ModelCard.CurrentFormatVersion + 1 };
        using (ZipArchive zip = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            using var writer = new StreamWriter(zip.CreateEntry(LanguageModelFile.CardEntry).Open());
            writer.Write(card.ToJson());
        }

        var error = Assert.Throws<InvalidDataException>(() => LanguageModelFile.ReadCard(path));

        Assert.Equal($"Model {path} has card format {ModelCard.CurrentFormatVersion + 1}; this version reads up to {ModelCard.CurrentFormatVersion}.", error.Message);
    }
}
