using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LanguageInterpolation.Trainers.Networks;
using LanguageInterpolation.Common.IO;
using LanguageInterpolation.Pipelines.Composition;
using LanguageInterpolation.Transforms.Mappings;
using Microsoft.ML;

namespace LanguageInterpolation.Pipelines.Persistence;

/// <summary>
/// Saves and loads a fitted pipeline as one zip: ML.NET's own model (<c>mlContext.Model.Save</c>, so the
/// file also loads with plain <c>mlContext.Model.Load</c>) plus a <see cref="ModelCard"/> entry and, for
/// network models, the network itself (<see cref="SavedNetwork"/>). Saving goes
/// through a temporary file and a rename, so an interrupted save leaves no half-written model.
/// </summary>
public static class LanguageModelFile
{
    /// <summary>The zip entry that holds the card.</summary>
    public const string CardEntry = "LanguageInterpolation/card.json";

    /// <summary>Saves the model and its card atomically.</summary>
    public static void Save(MLContext mlContext, ITransformer model, DataViewSchema inputSchema, ModelCard card, string path)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(card);
        card = card with { FormatVersion = NetworkModelFormat(model) };
        AtomicFile.Write(path, temporary =>
        {
            mlContext.Model.Save(model, inputSchema, temporary);
            using ZipArchive zip = ZipFile.Open(temporary, ZipArchiveMode.Update);
            ZipArchiveEntry entry = zip.CreateEntry(CardEntry);
            using (var writer = new StreamWriter(entry.Open(), new UTF8Encoding(false)))
            {
                writer.Write(card.ToJson());
            }
            if (TrainingRun.FindNetworkModel(model) is { } network)
            {
                SavedNetwork.Write(zip, network.Network); // what fine-tuning and refinement continue from
            }
        });
    }

    /// <summary>Reads only the card of a saved model.</summary>
    /// <exception cref="InvalidDataException">The file is not a zip, or not a model of this project.</exception>
    public static ModelCard ReadCard(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Model file not found: {path}", path);
        }
        ZipArchive zip;
        try
        {
            zip = ZipFile.OpenRead(path);
        }
        catch (InvalidDataException error)
        {
            throw new InvalidDataException($"Corrupt model file ({(ZipSignature.StartsWithZipHeader(path) ? "truncated or damaged zip archive" : "not a zip archive")}): {path}", error);
        }
        using (zip)
        {
            ZipArchiveEntry entry = zip.GetEntry(CardEntry)
                ?? throw new InvalidDataException($"Not a LanguageInterpolation model (no {CardEntry} entry): {path}");
            ModelCard card;
            try
            {
                using var reader = new StreamReader(entry.Open(), Encoding.UTF8);
                card = ModelCard.FromJson(reader.ReadToEnd());
                _ = card.VocabularyObject;
            }
            catch (Exception error) when (error is InvalidDataException or IOException or JsonException or FormatException)
            {
                throw new InvalidDataException($"Corrupt model file (unreadable model card): {path} ({error.Message})", error);
            }
            if (card.FormatVersion > ModelCard.CurrentFormatVersion)
            {
                throw new InvalidDataException($"Model {path} has card format {card.FormatVersion}; this version reads up to {ModelCard.CurrentFormatVersion}.");
            }
            RequireKnownNetworkType(card, path);
            return card;
        }
    }

    // The lowest card format whose readers know the model's network type (1 without a network).
    private static int NetworkModelFormat(ITransformer model) =>
        TrainingRun.FindNetworkModel(model) is { } network ? NetworkRegistry.Of(network.Config).CardFormat(network.Config) : 1;

    // A network type this version does not know (a model from a newer version): one line, not ML.NET's failure.
    private static void RequireKnownNetworkType(ModelCard card, string path)
    {
        if (card.Network is null)
        {
            return;
        }
        string? type;
        try
        {
            type = JsonNode.Parse(card.Network)?["type"]?.GetValue<string>();
        }
        catch (Exception error) when (error is JsonException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"Corrupt model file (unreadable network description in the model card): {path} ({error.Message})", error);
        }
        if (type is not null && NetworkRegistry.Find(type) is null)
        {
            throw new InvalidDataException($"Model {path} holds a '{type}' network, which this version does not know (it knows {string.Join(", ", NetworkRegistry.Names)}): read it with the version that wrote it or a newer one.");
        }
    }

    /// <summary>Loads a saved model with its card and input schema.</summary>
    /// <exception cref="InvalidDataException">The file is corrupt or not a model of this project.</exception>
    public static LoadedLanguageModel Load(MLContext mlContext, string path)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ModelCard card = ReadCard(path);
        mlContext.RegisterLanguageInterpolation();
        try
        {
            ITransformer model = mlContext.Model.Load(path, out DataViewSchema inputSchema);
            return new LoadedLanguageModel(model, inputSchema, card);
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            throw new InvalidDataException($"Corrupt model file: ML.NET cannot load {path} ({error.Message})", error);
        }
    }
}
