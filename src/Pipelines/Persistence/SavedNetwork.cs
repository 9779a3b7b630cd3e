using System.IO.Compression;
using System.Text;
using LanguageInterpolation.Trainers.Networks;
using LanguageInterpolation.Trainers.Training;
using static TorchSharp.torch;

namespace LanguageInterpolation.Pipelines.Persistence;

/// <summary>
/// The trained network inside a model zip, next to ML.NET's scoring chain: its configuration (JSON, with
/// the window and vocabulary sizes) and its state_dict (<see cref="TensorArchive"/>), so that a saved model
/// can be fine-tuned (<c>li train --init-from</c>) or refined (<c>li refine</c>). The optimiser state is not
/// kept: continuing starts the optimiser afresh (exact resumption is the checkpoint's job).
/// </summary>
public static class SavedNetwork
{
    /// <summary>The zip entry with the network configuration.</summary>
    public const string ConfigEntry = "LanguageInterpolation/network.json";

    /// <summary>The zip entry with the network weights.</summary>
    public const string WeightsEntry = "LanguageInterpolation/network.weights";

    /// <summary>Adds the network's configuration and weights to an open model zip.</summary>
    internal static void Write(ZipArchive zip, LanguageNetwork network)
    {
        ArgumentNullException.ThrowIfNull(zip);
        ArgumentNullException.ThrowIfNull(network);
        using (var writer = new StreamWriter(zip.CreateEntry(ConfigEntry).Open(), new UTF8Encoding(false)))
        {
            writer.Write(NetworkJson.Serialize(network.Config));
        }
        using var weights = new BinaryWriter(zip.CreateEntry(WeightsEntry, CompressionLevel.Fastest).Open());
        TensorArchive.Write(weights, network.state_dict().Select(pair => (pair.Key, pair.Value)));
    }

    /// <summary>Whether the model zip holds a network (configuration and weights).</summary>
    public static bool Exists(string modelPath)
    {
        LanguageModelFile.ReadCard(modelPath);
        using ZipArchive zip = ZipFile.OpenRead(modelPath);
        return zip.GetEntry(ConfigEntry) is not null && zip.GetEntry(WeightsEntry) is not null;
    }

    /// <summary>Reads the network of a model zip (on the CPU, in evaluation mode).</summary>
    /// <exception cref="InvalidDataException">The model has no network (a LightGBM model, or a zip written before
    /// networks were saved), or its network entries are corrupt; the message says which.</exception>
    public static LanguageNetwork Load(string modelPath)
    {
        ModelCard card = LanguageModelFile.ReadCard(modelPath);
        if (card.Network is null)
        {
            throw new InvalidDataException($"Model {modelPath} was trained with '{card.Trainer}', which has no network to continue from; fine-tuning and refinement need a network model.");
        }
        using ZipArchive zip = ZipFile.OpenRead(modelPath);
        ZipArchiveEntry? configEntry = zip.GetEntry(ConfigEntry);
        ZipArchiveEntry? weightsEntry = zip.GetEntry(WeightsEntry);
        if (configEntry is null || weightsEntry is null)
        {
            throw new InvalidDataException($"Model {modelPath} was saved without network weights (made by an older version): retrain it.");
        }
        NetworkConfig config;
        List<(string Name, Tensor Tensor)> weights;
        try
        {
            using (var reader = new StreamReader(configEntry.Open(), Encoding.UTF8))
            {
                config = NetworkJson.Deserialize(reader.ReadToEnd());
            }
            using var weightsReader = new BinaryReader(weightsEntry.Open());
            weights = TensorArchive.Read(weightsReader);
        }
        catch (Exception error) when (error is FormatException or InvalidDataException or IOException)
        {
            throw new InvalidDataException($"Corrupt model file (unreadable network): {modelPath} ({error.Message})", error);
        }
        try
        {
            LanguageNetwork network = config.Build();
            try
            {
                TensorArchive.CopyInto(weights, network.state_dict(), $"The network of {modelPath}");
            }
            catch
            {
                network.Dispose();
                throw;
            }
            network.eval();
            return network;
        }
        catch (ArgumentException error)
        {
            throw new InvalidDataException($"Corrupt model file (invalid network configuration): {modelPath} ({error.Message})", error);
        }
        finally
        {
            foreach (var (_, tensor) in weights)
            {
                tensor.Dispose();
            }
        }
    }
}
