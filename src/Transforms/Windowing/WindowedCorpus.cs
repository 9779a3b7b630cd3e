using LanguageInterpolation.Transforms.Corpus;
using LanguageInterpolation.Transforms.Vocabulary;

namespace LanguageInterpolation.Transforms.Windowing;

/// <summary>
/// A corpus encoded with a vocabulary and split into training, validation and test windows. With the
/// held-out split each book is cut into three contiguous blocks (start: train, middle: validation, end:
/// test), so no window straddles two splits; with the memorize split all three are the whole text.
/// </summary>
public sealed partial class WindowedCorpus
{
    private WindowedCorpus(CharacterWindowOptions options, CharacterWindows train, CharacterWindows validation, CharacterWindows test, long unrepresentable, long characters)
    {
        Options = options;
        Train = train;
        Validation = validation;
        Test = test;
        UnrepresentableCharacters = unrepresentable;
        EncodedCharacters = characters;
    }

    /// <summary>The options that made these windows.</summary>
    public CharacterWindowOptions Options { get; }

    /// <summary>The vocabulary.</summary>
    public CharacterVocabulary Vocabulary => Options.Vocabulary;

    /// <summary>Training windows.</summary>
    public CharacterWindows Train { get; }

    /// <summary>Validation windows (the training windows under the memorize split).</summary>
    public CharacterWindows Validation { get; }

    /// <summary>Test windows (the training windows under the memorize split).</summary>
    public CharacterWindows Test { get; }

    /// <summary>Characters the vocabulary could not represent (dropped, or the unknown symbol).</summary>
    public long UnrepresentableCharacters { get; }

    /// <summary>Characters after encoding, over all books.</summary>
    public long EncodedCharacters { get; }

    /// <summary>Encodes and splits a corpus.</summary>
    /// <exception cref="ArgumentException">Invalid options, or a text too short for one training window.</exception>
    public static WindowedCorpus Create(TextCorpus corpus, CharacterWindowOptions options) => Create(corpus, options, null, CancellationToken.None);

    /// <summary>Encodes and splits a corpus, reporting progress per book and stopping when cancelled.
    /// Ids are stored one byte each where the vocabulary allows, and the three splits of a book are views
    /// on its one encoded array.</summary>
    /// <exception cref="ArgumentException">Invalid options, or a text too short for one training window.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellation"/> was cancelled.</exception>
    public static WindowedCorpus Create(TextCorpus corpus, CharacterWindowOptions options, IProgress<PreparationProgress>? progress, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var train = new List<PackedIds>();
        var validation = new List<PackedIds>();
        var test = new List<PackedIds>();
        long unrepresentable = 0;
        long characters = 0;
        long total = corpus.CharacterCount;
        long before = 0;
        foreach (CorpusDocument document in corpus)
        {
            long offset = before;
            // Encoding passes over every book twice (count, then fill).
            var encodedSoFar = progress is null ? null : new SynchronousReport(done => progress.Report(new PreparationProgress("encoding", document.Name, 2 * offset + done, 2 * total)));
            PackedIds encoded = options.Vocabulary.EncodePacked(document.Text, cancellation, encodedSoFar);
            before += document.Text.Length;
            unrepresentable += encoded.Unrepresentable;
            characters += encoded.Length;
            if (options.Split == SplitKind.Memorize)
            {
                train.Add(encoded);
                continue;
            }
            int length = encoded.Length;
            int trainEnd = (int)Math.Round(length * (1 - options.ValidationFraction - options.TestFraction));
            int validationEnd = (int)Math.Round(length * (1 - options.TestFraction));
            train.Add(encoded.Slice(0, trainEnd));
            validation.Add(encoded.Slice(trainEnd, validationEnd - trainEnd));
            test.Add(encoded.Slice(validationEnd, length - validationEnd));
        }
        CharacterWindows Windows(List<PackedIds> blocks, int stride) =>
            new(blocks, options.Vocabulary, options.WindowSize, options.Kind, stride);
        CharacterWindows trainWindows = Windows(train, options.Stride);
        if (trainWindows.Count == 0)
        {
            throw new ArgumentException(
                $"The text is too short for a window of {options.WindowSize} characters: the training part has {trainWindows.CharacterCount} characters; it needs more than {options.WindowSize} in one book.");
        }
        if (options.Split == SplitKind.Memorize)
        {
            return new WindowedCorpus(options, trainWindows, trainWindows, trainWindows, unrepresentable, characters);
        }
        CharacterWindows validationWindows = HeldOutWindows("validation", validation, options.ValidationFraction, "--validation-fraction");
        CharacterWindows testWindows = HeldOutWindows("test", test, options.TestFraction, "--test-fraction");
        return new WindowedCorpus(options, trainWindows, validationWindows, testWindows, unrepresentable, characters);

        // A held-out share that yields no window (every block shorter than the window) cannot measure anything.
        CharacterWindows HeldOutWindows(string split, List<PackedIds> blocks, double fraction, string option)
        {
            CharacterWindows windows = Windows(blocks, options.EvaluationStride);
            if (fraction > 0 && windows.Count == 0)
            {
                throw new ArgumentException(
                    $"The {split} blocks are too short for a window of {options.WindowSize} characters (the longest has {blocks.Max(block => block.Length)} characters; a window needs {options.WindowSize + 1}): use a shorter --window-size, more text, or a larger {option}.");
            }
            return windows;
        }
    }

    // Progress<T> posts to the thread pool; encoding progress must arrive in order.
    private sealed class SynchronousReport(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
