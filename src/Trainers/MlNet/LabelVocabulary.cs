using LanguageInterpolation.Transforms.Vocabulary;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace LanguageInterpolation.Trainers.MlNet;

/// <summary>Recovers the vocabulary from the key values of a label column (the character-window loader
/// names every class by its character), so that exported models carry it.</summary>
internal static class LabelVocabulary
{
    public static CharacterVocabulary? From(DataViewSchema.Column label)
    {
        if (label.Annotations.Schema.GetColumnOrNull("KeyValues") is not { Type: VectorDataViewType { ItemType: TextDataViewType } })
        {
            return null;
        }
        VBuffer<ReadOnlyMemory<char>> values = default;
        label.GetKeyValues(ref values);
        var names = values.DenseValues().Select(value => value.ToString()).ToArray();
        if (names.Any(name => name.Length != 1))
        {
            return null;
        }
        try
        {
            return CharacterVocabulary.FromCharacters(string.Concat(names));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
