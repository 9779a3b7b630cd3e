using LanguageInterpolation.Transforms.Featurizers;
using LanguageInterpolation.Transforms.Vocabulary;
using LanguageInterpolation.Transforms.Windowing;
using Microsoft.ML;
using Microsoft.ML.Trainers.LightGbm;
using Microsoft.ML.Transforms;

namespace LanguageInterpolation.Pipelines.Composition;

/// <summary>
/// Complete next-character pipelines: the character-window featurizer (so that the fitted model reads
/// <c>Context</c> text and saves its vocabulary) followed by a multiclass trainer.
/// </summary>
public static class LanguagePipelines
{
    /// <summary>Column of the one-hot context for the categorical LightGBM variant.</summary>
    public const string OneHotContextColumn = "ContextOneHot";

    /// <summary>The featurizer followed by any trainer that reads its columns (<c>Features</c> or <c>CharacterIds</c>, and <c>Label</c>).</summary>
    public static IEstimator<ITransformer> WithFeaturizer(MLContext mlContext, CharacterVocabulary vocabulary, int windowSize, IEstimator<ITransformer> trainer)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(trainer);
        return new CharacterWindowFeaturizer(mlContext, vocabulary, windowSize).Append(trainer);
    }

    /// <summary>
    /// The LightGBM baseline: ML.NET's built-in multiclass LightGBM on the window features, or on a
    /// one-hot encoding of every context position when <see cref="LightGbmBaselineOptions.CategoricalContext"/>
    /// is set (LightGBM then splits on character sets, as the original's categorical features did).
    /// </summary>
    public static IEstimator<ITransformer> LightGbm(MLContext mlContext, CharacterVocabulary vocabulary, int windowSize, LightGbmBaselineOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        options ??= new LightGbmBaselineOptions();
        options.Validate();
        return LightGbmWithRounds(mlContext, vocabulary, windowSize, options, options.NumberOfIterations);
    }

    /// <summary>
    /// The LightGBM baseline under a time budget and with progress lines (<see cref="LightGbmRoundsEstimator"/>):
    /// without both it is <see cref="LightGbm(MLContext, CharacterVocabulary, int, LightGbmBaselineOptions?)"/>.
    /// </summary>
    /// <exception cref="ArgumentException">Invalid options, or a budget that is not positive.</exception>
    public static IEstimator<ITransformer> LightGbm(MLContext mlContext, CharacterVocabulary vocabulary, int windowSize, LightGbmBaselineOptions? options,
        TimeSpan? timeBudget, Action<string>? log)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        options ??= new LightGbmBaselineOptions();
        options.Validate();
        if (timeBudget is null && log is null)
        {
            return LightGbm(mlContext, vocabulary, windowSize, options);
        }
        return new LightGbmRoundsEstimator(rounds => LightGbmWithRounds(mlContext, vocabulary, windowSize, options, rounds),
            options.NumberOfIterations, timeBudget, log ?? (_ => { }), TimeSpan.FromSeconds(5));
    }

    private static IEstimator<ITransformer> LightGbmWithRounds(MLContext mlContext, CharacterVocabulary vocabulary, int windowSize, LightGbmBaselineOptions options, int rounds)
    {
        var trainerOptions = new LightGbmMulticlassTrainer.Options
        {
            LabelColumnName = CharacterWindowColumns.Label,
            FeatureColumnName = options.CategoricalContext ? OneHotContextColumn : CharacterWindowColumns.Features,
            NumberOfIterations = rounds,
            NumberOfLeaves = options.NumberOfLeaves,
            LearningRate = options.LearningRate,
            MinimumExampleCountPerLeaf = options.MinimumExampleCountPerLeaf,
            UseCategoricalSplit = options.CategoricalContext,
            NumberOfThreads = options.Threads == 0 ? Environment.ProcessorCount : options.Threads,
            Seed = options.Seed,
            Booster = new GradientBooster.Options { MaximumTreeDepth = options.MaximumTreeDepth, L2Regularization = options.L2Regularization },
        };
        IEstimator<ITransformer> trainer = mlContext.MulticlassClassification.Trainers.LightGbm(trainerOptions);
        if (options.CategoricalContext)
        {
            trainer = mlContext.Transforms.Categorical
                .OneHotEncoding(OneHotContextColumn, CharacterWindowColumns.CharacterIds, OneHotEncodingEstimator.OutputKind.Indicator)
                .Append(trainer);
        }
        return WithFeaturizer(mlContext, vocabulary, windowSize, trainer);
    }
}
