using System.Globalization;
using LanguageInterpolation.Pipelines.Composition;
using LanguageInterpolation.Pipelines.OnnxInference;
using LanguageInterpolation.Pipelines.Persistence;
using LanguageInterpolation.Tests.Support;
using LanguageInterpolation.Trainers.Networks;
using LanguageInterpolation.Transforms.Corpus;
using LanguageInterpolation.Transforms.Featurizers;
using LanguageInterpolation.Transforms.Mappings;
using LanguageInterpolation.Transforms.Vocabulary;
using LanguageInterpolation.Transforms.Windowing;
using Microsoft.ML;
using Microsoft.ML.Data;
using Xunit;

namespace LanguageInterpolation.Tests.Pipelines.OnnxInference;

/// <summary>The tests that share the trained models of <see cref="OnnxInferenceFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class OnnxInferenceCollection : ICollectionFixture<OnnxInferenceFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "OnnxInference";
}

/// <summary>A model trained once for the whole collection, with its exported ONNX file and model zip.</summary>
/// <param name="Trainer">The registry name.</param>
/// <param name="Pipeline">The fitted pipeline (featurizer + trainer).</param>
/// <param name="Card">Its model card.</param>
/// <param name="OnnxPath">Where <see cref="LanguageModelExporter"/> wrote it.</param>
/// <param name="ZipPath">Where <see cref="LanguageModelFile"/> saved it.</param>
public sealed record TrainedModel(string Trainer, ITransformer Pipeline, ModelCard Card, string OnnxPath, string ZipPath);

/// <summary>
/// Small models for the ONNX inference tests, each trained at most once and only when a test asks for it:
/// the first 7,000 characters of The Dunwich Horror (about 5,600 training windows of 8 characters, a
/// corpus vocabulary of about 60 characters); LightGBM with 3 boosting rounds, with and without the
/// one-hot categorical context; the "small" network preset for 1 epoch. One thread each.
/// </summary>
public sealed class OnnxInferenceFixture : IDisposable
{
    /// <summary>Context characters per window.</summary>
    public const int WindowSize = 8;

    private readonly Lazy<TrainedModel> _lightGbm;
    private readonly Lazy<TrainedModel> _lightGbmCategorical;
    private readonly Lazy<TrainedModel> _network;
    private readonly Lazy<long[]> _validationIds;

    /// <summary>Reads the corpus; models are trained on first use.</summary>
    public OnnxInferenceFixture()
    {
        MlContext = new MLContext(seed: 0).RegisterLanguageInterpolation();
        TextCorpus text = CorpusReader.Read([TestData.Book(TestData.Dunwich)]).Truncate(7000);
        CharacterVocabulary vocabulary = CharacterVocabulary.FromTexts(text.Select(document => document.Text));
        Data = MlContext.Data.LoadCharacterWindows(text, new CharacterWindowOptions { Vocabulary = vocabulary, WindowSize = WindowSize });
        Folder = TestData.NewScratchFolder();
        _lightGbm = new(() => Train(TrainerRegistry.LightGbm, new TrainerSettings { Iterations = 3, Threads = 1 }, "lightgbm"));
        _lightGbmCategorical = new(() => Train(TrainerRegistry.LightGbm, new TrainerSettings { Iterations = 3, Threads = 1, Categorical = true }, "lightgbm-categorical"));
        _network = new(() => Train("small", new TrainerSettings { MaxEpochs = 1, Threads = 1 }, "small"));
        _validationIds = new(() => MlContext.Transforms.Text.FeaturizeCharacterWindow(Vocabulary, WindowSize).Fit(Data.Validation)
            .Transform(Data.Validation).GetColumn<long[]>(CharacterWindowColumns.CharacterIds).SelectMany(ids => ids).ToArray());
    }

    /// <summary>The context every model was trained with.</summary>
    public MLContext MlContext { get; }

    /// <summary>The windows.</summary>
    public CharacterWindowData Data { get; }

    /// <summary>The corpus vocabulary.</summary>
    public CharacterVocabulary Vocabulary => Data.Vocabulary;

    /// <summary>The scratch folder of the collection.</summary>
    public string Folder { get; }

    /// <summary>LightGBM on the window's input values.</summary>
    public TrainedModel LightGbm => _lightGbm.Value;

    /// <summary>LightGBM on the one-hot context (categorical splits).</summary>
    public TrainedModel LightGbmCategorical => _lightGbmCategorical.Value;

    /// <summary>The "small" network preset.</summary>
    public TrainedModel Network => _network.Value;

    /// <summary>The validation windows' class ids, row after row (as the featurizer computes them).</summary>
    public long[] ValidationIds => _validationIds.Value;

    /// <summary>Validation rows.</summary>
    public int ValidationRows => ValidationIds.Length / WindowSize;

    /// <summary>A model by name: "lightgbm", "lightgbm-categorical" or "small".</summary>
    public TrainedModel Model(string name) => name switch
    {
        "lightgbm" => LightGbm,
        "lightgbm-categorical" => LightGbmCategorical,
        "small" => Network,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown test model."),
    };

    /// <summary>The validation windows scored by a fitted ML.NET pipeline: probabilities and 0-based predicted ids.</summary>
    public (float[][] Scores, int[] Predicted) ScoreWithPipeline(ITransformer pipeline)
    {
        IDataView scored = pipeline.Transform(Data.Validation);
        float[][] scores = scored.GetColumn<float[]>(CharacterWindowColumns.Score).ToArray();
        int[] predicted = scored.GetColumn<uint>(CharacterWindowColumns.PredictedLabel).Select(key => (int)key - 1).ToArray();
        return (scores, predicted);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A scratch folder left behind is harmless.
        }
    }

    private TrainedModel Train(string trainer, TrainerSettings settings, string fileName)
    {
        ITransformer pipeline = TrainerRegistry.CreatePipeline(MlContext, trainer, Data, settings).Fit(Data.Train);
        var card = new ModelCard
        {
            Vocabulary = Vocabulary.Serialize(),
            WindowSize = WindowSize,
            WindowKind = WindowKind.Sequence,
            Trainer = trainer,
            Training = new Dictionary<string, string> { ["training_rows"] = Data.Windows.Train.Count.ToString(CultureInfo.InvariantCulture) },
            Network = TrainingRun.FindNetworkModel(pipeline) is { } network ? NetworkJson.Serialize(network.Config) : null,
        };
        string onnxPath = Path.Combine(Folder, fileName + ".onnx");
        string zipPath = Path.Combine(Folder, fileName + ".zip");
        LanguageModelExporter.Export(pipeline, card, onnxPath);
        LanguageModelFile.Save(MlContext, pipeline, Data.Train.Schema, card, zipPath);
        return new TrainedModel(trainer, pipeline, card, onnxPath, zipPath);
    }
}
