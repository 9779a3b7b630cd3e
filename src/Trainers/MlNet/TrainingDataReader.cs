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
            IdsReader readIds = CreateIdsReader(cursor, idsColumnInfo, vocabularySize);
            ValueGetter<uint> getLabel = cursor.GetGetter<uint>(label);
            uint key = 0;
            while (cursor.MoveNext())
            {
                getLabel(ref key);
                if (key == 0)
                {
                    continue;
                }
                readIds(contexts.AsSpan(rows * windowSize, windowSize), cursor.Position);
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
            if (packed.Count == 1)
            {
                TrainingData only = packed[0];
                packed.Clear(); // handed to the caller, not disposed below
                return only;
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

    // Fills one row's ids, checking each; `row` names the row in the error.
    private delegate void IdsReader(Span<int> ids, long row);

    // Ids from an Int64 or a Single vector column, written straight into the chunk (no per-row allocation).
    private static IdsReader CreateIdsReader(DataViewRowCursor cursor, DataViewSchema.Column column, int vocabularySize)
    {
        if ((column.Type as VectorDataViewType)?.ItemType == NumberDataViewType.Single)
        {
            ValueGetter<VBuffer<float>> getValues = cursor.GetGetter<VBuffer<float>>(column);
            VBuffer<float> values = default;
            return (ids, row) =>
            {
                getValues(ref values);
                Fill(values.DenseValues().GetEnumerator(), ids, row, column.Name, vocabularySize, value => value);
            };
        }
        ValueGetter<VBuffer<long>> getIds = cursor.GetGetter<VBuffer<long>>(column);
        VBuffer<long> buffer = default;
        return (ids, row) =>
        {
            getIds(ref buffer);
            if (buffer.IsDense)
            {
                ReadOnlySpan<long> dense = buffer.GetValues();
                for (int i = 0; i < ids.Length; i++)
                {
                    ids[i] = Checked(dense[i], row, column.Name, vocabularySize);
                }
                return;
            }
            Fill(buffer.DenseValues().GetEnumerator(), ids, row, column.Name, vocabularySize, value => value);
        };
    }

    private static void Fill<T>(IEnumerator<T> values, Span<int> ids, long row, string column, int vocabularySize, Func<T, double> toNumber)
    {
        for (int i = 0; i < ids.Length && values.MoveNext(); i++)
        {
            ids[i] = Checked(toNumber(values.Current), row, column, vocabularySize);
        }
    }

    private static int Checked(double id, long row, string column, int vocabularySize) =>
        id >= 0 && id < vocabularySize && id == Math.Floor(id)
            ? (int)id
            : throw new ArgumentException($"Column '{column}' holds {id} in row {row}, not an id of the vocabulary of {vocabularySize} characters.");
}
