using LanguageInterpolation.Transforms.Windowing;

namespace LanguageInterpolation.Tests.Support;

/// <summary>
/// The reference a language model must beat to have learnt anything from the context: the cross-entropy
/// of a unigram model (character frequencies of the training labels, add-one smoothed over the vocabulary)
/// on held-out windows. Computed here from the windows alone, independently of every trainer.
/// </summary>
public static class UnigramBaseline
{
    /// <summary>Bits per character of the unigram model fitted on <paramref name="train"/>, measured on <paramref name="heldOut"/>.</summary>
    public static double BitsPerCharacter(CharacterWindows train, CharacterWindows heldOut)
    {
        int classes = train.Vocabulary.Count;
        double[] counts = new double[classes];
        Array.Fill(counts, 1.0);
        foreach (int label in Labels(train))
        {
            counts[label]++;
        }
        double total = counts.Sum();
        double bits = 0;
        long rows = 0;
        foreach (int label in Labels(heldOut))
        {
            bits -= Math.Log2(counts[label] / total);
            rows++;
        }
        return bits / rows;
    }

    /// <summary>Bits per character of the uniform guess over the vocabulary.</summary>
    public static double UniformBits(CharacterWindows windows) => Math.Log2(windows.Vocabulary.Count);

    private static IEnumerable<int> Labels(CharacterWindows windows)
    {
        int[] context = new int[windows.WindowSize];
        for (long index = 0; index < windows.Count; index++)
        {
            yield return windows.GetWindow(index, context);
        }
    }
}
