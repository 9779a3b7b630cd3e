using LanguageInterpolation.Trainers.Training;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace LanguageInterpolation.Trainers.MlNet;

/// <summary>Reads the character-ids and label columns of a data view into tensors (ids stored in the narrowest
/// integer type, read in chunks), checking their types: what the network trainers train on.</summary>
public static class TrainingDataReader
{
    /// <summary>The window size and vocabulary size the columns declare (the ids column's length and the label's key count).</summary>
    public static (int WindowSize, int VocabularySize) Shape(DataViewSchema schema, string idsColumn, string labelColumn)
    {
        DataViewSchema.Column ids = schema.GetColumnOrNull(idsColumn)
            ?? throw new ArgumentException($"Column '{idsColumn}' not found: the trainer reads the window's character ids from it (the character-window featurizer writes it).");
        if (ids.Type is not VectorDataViewType { Size: > 0 } vector || (vector.ItemType != NumberDataViewType.Int64 && vector.ItemType != NumberDataViewType.Single))
        {
            throw new ArgumentException($"Column '{idsColumn}': expected a known-size vector of Int64 character ids (or Single holding whole ids), got {ids.Type}.");
        }
        DataViewSchema.Column label = schema.GetColumnOrNull(labelColumn)
            ?? throw new ArgumentException($"Column '{labelColumn}' not found: the trainer reads the class of each window from it.");
        if (label.Type is not KeyDataViewType key || key.Count < 2 || key.Count > int.MaxValue)
        {
            throw new ArgumentException($"Column '{labelColumn}': expected a key type over the vocabulary (at least 2 classes), got {label.Type}.");
        }
        return (vector.Size, (int)key.Count);
    }

    // Rows gathered before they are packed into a tensor of the narrowest id type: the whole set is never held
    // as managed integers, so reading costs about one byte per context character (plus this chunk).
    private const int ChunkRows = 1 << 16;

    /// <summary>Reads every row into tensors; rows with a missing label are skipped. Checks
    /// <paramref name="cancellation"/> between chunks of rows.</summary>
    /// <exception cref="ArgumentException">The shape differs from the training data's, or an id lies outside the vocabulary.</exception>
    public static TrainingData Read(IDataView data, string idsColumn, string labelColumn, int windowSize, int vocabularySize, CancellationToken cancellation = default)
    {
        (int size, int count) = Shape(data.Schema, idsColumn, labelColumn);
        if (size != windowSize || count != vocabularySize)
        {
            throw new ArgumentException($"Validation data has windows of {size} and {count} classes; the training data has {windowSize} and {vocabularySize}.");
        }
        DataViewSchema.Column idsColumnInfo = data.Schema[idsColumn];
        DataViewSchema.Column label = data.Schema[labelColumn];
        var packed = new List<TrainingData>();
        var contexts = new int[ChunkRows * windowSize];
        var labels = new long[ChunkRows];
        int rows = 0;
        try
        {
            using DataViewRowCursor cursor = data.GetRowCursor([idsColumnInfo, label]);
            Func<IEnumerable<double>> readIds = IdsReader(cursor, idsColumnInfo);
            ValueGetter<uint> getLabel = cursor.GetGetter<uint>(label);
            uint key = 0;
            while (cursor.MoveNext())
            {
                getLabel(ref key);
                if (key == 0)
                {
                    continue;
                }
                int position = rows * windowSize;
                foreach (double id in readIds())
                {
                    if (id < 0 || id >= vocabularySize || id != Math.Floor(id))
                    {
                        throw new ArgumentException($"Column '{idsColumn}' holds {id} in row {cursor.Position}, not an id of the vocabulary of {vocabularySize} characters.");
                    }
                    contexts[position++] = (int)id;
                }
                labels[rows++] = key - 1;
                if (rows == ChunkRows)
                {
                    packed.Add(TrainingData.FromArrays(contexts, labels, windowSize, vocabularySize));
                    rows = 0;
                    cancellation.ThrowIfCancellationRequested();
                }
            }
            if (rows > 0)
            {
                packed.Add(TrainingData.FromArrays(contexts.AsSpan(0, rows * windowSize), labels[..rows], windowSize, vocabularySize));
            }
            if (packed.Count == 0)
            {
                throw new ArgumentException("The data has no rows with a label.");
            }
            return TrainingData.Concatenate(packed);
        }
        finally
        {
            foreach (TrainingData chunk in packed)
            {
                chunk.Dispose();
            }
        }
    }

    // Ids as numbers, from an Int64 or a Single vector column.
    private static Func<IEnumerable<double>> IdsReader(DataViewRowCursor cursor, DataViewSchema.Column column)
    {
        if ((column.Type as VectorDataViewType)?.ItemType == NumberDataViewType.Single)
        {
            ValueGetter<VBuffer<float>> getValues = cursor.GetGetter<VBuffer<float>>(column);
            VBuffer<float> values = default;
            return () =>
            {
                getValues(ref values);
                return values.DenseValues().Select(value => (double)value);
            };
        }
        ValueGetter<VBuffer<long>> getIds = cursor.GetGetter<VBuffer<long>>(column);
        VBuffer<long> ids = default;
        return () =>
        {
            getIds(ref ids);
            return ids.DenseValues().Select(id => (double)id);
        };
    }
}
