using System.IO.Compression;
using System.Text.Json;
using LanguageInterpolation.Trainers.Networks;
using LanguageInterpolation.Trainers.Optimizers;
using LanguageInterpolation.Common.IO;
using static TorchSharp.torch;

namespace LanguageInterpolation.Trainers.Training;

/// <summary>
/// A training run's state after an epoch, in one zip written atomically: the network configuration and
/// history (JSON), the weights, the best weights and the optimiser state. Resuming checks that the
/// checkpoint was made for the same network configuration.
/// </summary>
public static class TrainingCheckpoint
{
    private const int FormatVersion = 1;
    private const string StateEntry = "state.json";
    private const string WeightsEntry = "weights.bin";
    private const string BestEntry = "best.bin";
    private const string OptimizerEntry = "optimizer.bin";

    /// <summary>Writes the checkpoint (temporary file, then rename).</summary>
    internal static void Save(string path, LanguageNetwork network, TrainingOptions options, IParameterOptimizer optimizer,
        ILearningRateSchedule schedule, EarlyStopping earlyStopping, TrainingLoop.RunState state)
    {
        var document = new CheckpointDocument
        {
            FormatVersion = FormatVersion,
            Network = NetworkJson.Serialize(network.Config),
            Seed = options.Seed,
            Epochs = [.. state.Epochs],
            BestEpoch = state.BestEpoch,
            TrainSeconds = state.TrainSecondsBefore,
            LearningRate = optimizer.LearningRate,
            Schedule = schedule.GetState(),
            EarlyStopping = earlyStopping.GetState(),
        };
        AtomicFile.Write(path, temporary =>
        {
            using var zip = ZipFile.Open(temporary, ZipArchiveMode.Create);
            Write(zip, StateEntry, stream => JsonSerializer.Serialize(stream, document, NetworkJson.Options));
            Write(zip, WeightsEntry, stream => TensorArchive.Write(new BinaryWriter(stream), network.state_dict().Select(pair => (pair.Key, pair.Value))));
            if (state.BestWeights is not null)
            {
                Write(zip, BestEntry, stream => TensorArchive.Write(new BinaryWriter(stream), state.BestWeights.Select(pair => (pair.Key, pair.Value))));
            }
            Write(zip, OptimizerEntry, stream =>
            {
                using var writer = new BinaryWriter(stream);
                OptimizerState.Save(optimizer, writer);
            });
        });
    }

    /// <summary>Restores a run's state from a checkpoint into freshly built objects.</summary>
    /// <exception cref="InvalidDataException">Corrupt file, or a checkpoint of another network.</exception>
    internal static void Load(string path, LanguageNetwork network, IParameterOptimizer optimizer,
        ILearningRateSchedule schedule, EarlyStopping earlyStopping, TrainingLoop.RunState state)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Checkpoint not found: {path}", path);
        }
        try
        {
            using ZipArchive zip = ZipFile.OpenRead(path);
            CheckpointDocument document = Read(zip, StateEntry, stream => JsonSerializer.Deserialize<CheckpointDocument>(stream, NetworkJson.Options))
                ?? throw new InvalidDataException("empty state");
            if (document.FormatVersion != FormatVersion)
            {
                throw new InvalidDataException($"format version {document.FormatVersion}, expected {FormatVersion}");
            }
            // Compared as configurations, not as text: files written before a field was renamed still match.
            if (!SameNetwork(document.Network, network.Config))
            {
                throw new InvalidDataException($"it was made for another network: {document.Network} (this run: {NetworkJson.Serialize(network.Config)})");
            }
            var weights = Read(zip, WeightsEntry, stream => TensorArchive.Read(new BinaryReader(stream)));
            TensorArchive.CopyInto(weights, network.state_dict(), "Checkpoint weights");
            DisposeAll(weights);
            if (zip.GetEntry(BestEntry) is not null)
            {
                var best = Read(zip, BestEntry, stream => TensorArchive.Read(new BinaryReader(stream)));
                Device device = network.parameters().First().device;
                state.BestWeights = best.ToDictionary(entry => entry.Name, entry => entry.Tensor.to(device).DetachFromDisposeScope());
            }
            Read(zip, OptimizerEntry, stream =>
            {
                using var reader = new BinaryReader(stream);
                OptimizerState.Load(optimizer, reader);
                return true;
            });
            optimizer.LearningRate = document.LearningRate;
            schedule.SetState(document.Schedule);
            earlyStopping.SetState(document.EarlyStopping);
            state.Epochs.AddRange(document.Epochs);
            state.BestEpoch = document.BestEpoch;
            state.TrainSecondsBefore = document.TrainSeconds;
        }
        catch (Exception error) when (error is InvalidDataException or JsonException or IOException)
        {
            throw new InvalidDataException($"Cannot resume from checkpoint {path}: {error.Message}", error);
        }
    }

    private static bool SameNetwork(string storedJson, NetworkConfig current)
    {
        try
        {
            return NetworkJson.Deserialize(storedJson) == current;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>Seconds of training a checkpoint's run had done (what a resumed run adds its own to).</summary>
    /// <exception cref="InvalidDataException">Not a readable checkpoint.</exception>
    public static double ReadTrainSeconds(string path)
    {
        try
        {
            using ZipArchive zip = ZipFile.OpenRead(path);
            return Read(zip, StateEntry, stream => JsonSerializer.Deserialize<CheckpointDocument>(stream, NetworkJson.Options))?.TrainSeconds ?? 0;
        }
        catch (Exception error) when (error is InvalidDataException or JsonException or IOException)
        {
            throw new InvalidDataException($"Cannot resume from checkpoint {path}: {error.Message}", error);
        }
    }

    private static void Write(ZipArchive zip, string name, Action<Stream> write)
    {
        using Stream stream = zip.CreateEntry(name, CompressionLevel.Fastest).Open();
        write(stream);
    }

    private static T Read<T>(ZipArchive zip, string name, Func<Stream, T> read)
    {
        ZipArchiveEntry entry = zip.GetEntry(name) ?? throw new InvalidDataException($"the entry {name} is missing");
        using Stream stream = entry.Open();
        return read(stream);
    }

    private static void DisposeAll(IEnumerable<(string Name, Tensor Tensor)> tensors)
    {
        foreach (var (_, tensor) in tensors)
        {
            tensor.Dispose();
        }
    }

    private sealed class CheckpointDocument
    {
        public int FormatVersion { get; set; }

        public string Network { get; set; } = string.Empty;

        public int Seed { get; set; }

        public List<EpochReport> Epochs { get; set; } = [];

        public int BestEpoch { get; set; }

        public double TrainSeconds { get; set; }

        public double LearningRate { get; set; }

        public ScheduleState Schedule { get; set; } = null!;

        public EarlyStoppingState EarlyStopping { get; set; } = null!;
    }
}
