using Google.Protobuf;
using LanguageInterpolation.Common.Onnx.Proto;

namespace LanguageInterpolation.Common.Onnx;

/// <summary>
/// Builds an ONNX graph node by node: declare inputs, add initializers and nodes (each returns the name
/// of its output), declare outputs, then <see cref="Build"/> a model (IR version 8, opset 17 and
/// ai.onnx.ml 2, which ONNX Runtime 1.13+ and the onnx 1.12 checker accept).
/// </summary>
public sealed class OnnxGraphBuilder
{
    /// <summary>The IR version written (ONNX 1.10+).</summary>
    public const long IrVersion = 8;

    /// <summary>The default-domain opset written (LayerNormalization exists from 17).</summary>
    public const long Opset = 17;

    /// <summary>The ai.onnx.ml opset written (LabelEncoder with int64 keys and values).</summary>
    public const long MlOpset = 2;

    /// <summary>The domain of the ONNX-ML operators.</summary>
    public const string MlDomain = "ai.onnx.ml";

    private readonly GraphProto _graph;
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private int _counter;

    /// <summary>Starts an empty graph.</summary>
    public OnnxGraphBuilder(string graphName)
    {
        _graph = new GraphProto { Name = graphName };
    }

    /// <summary>The graph under construction (for merging with graphs written elsewhere).</summary>
    public GraphProto Graph => _graph;

    /// <summary>Declares a graph input; a dimension is a <see cref="long"/> size or a <see cref="string"/> symbol such as "batch".</summary>
    public string AddInput(string name, TensorProto.Types.DataType elementType, params object[] dimensions)
    {
        Reserve(name);
        _graph.Input.Add(ValueInfo(name, elementType, dimensions));
        return name;
    }

    /// <summary>Declares a graph output produced by an existing node or initializer.</summary>
    public void AddOutput(string name, TensorProto.Types.DataType elementType, params object[] dimensions) =>
        _graph.Output.Add(ValueInfo(name, elementType, dimensions));

    /// <summary>Adds a float initializer and returns its name.</summary>
    public string AddInitializer(string name, float[] values, params long[] dimensions) =>
        AddInitializer(OnnxTensors.Float(UniqueName(name), values, dimensions));

    /// <summary>Adds an int64 initializer and returns its name.</summary>
    public string AddInitializer(string name, long[] values, params long[] dimensions) =>
        AddInitializer(OnnxTensors.Int64(UniqueName(name), values, dimensions));

    /// <summary>Adds a ready-made initializer and returns its name.</summary>
    public string AddInitializer(TensorProto tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        _names.Add(tensor.Name);
        _graph.Initializer.Add(tensor);
        return tensor.Name;
    }

    /// <summary>A scalar or 1-D int64 constant (axes, shapes, indices), added as an initializer.</summary>
    public string Int64Constant(string name, params long[] values) => AddInitializer(name, values, values.Length);

    /// <summary>A float scalar constant (rank 0).</summary>
    public string FloatScalar(string name, float value) => AddInitializer(OnnxTensors.Float(UniqueName(name), [value]));

    /// <summary>Adds a node with one output and returns the output's name.</summary>
    public string AddNode(string opType, IEnumerable<string> inputs, string? output = null, params AttributeProto[] attributes) =>
        AddNode(opType, inputs, [output ?? UniqueName(opType.ToLowerInvariant())], domain: "", attributes)[0];

    /// <summary>Adds a node of any domain with several outputs and returns their names.</summary>
    public string[] AddNode(string opType, IEnumerable<string> inputs, string[] outputs, string domain, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = opType, Name = UniqueName(opType + "_node"), Domain = domain };
        node.Input.AddRange(inputs);
        foreach (string output in outputs)
        {
            _names.Add(output);
        }
        node.Output.AddRange(outputs);
        node.Attribute.AddRange(attributes);
        _graph.Node.Add(node);
        return outputs;
    }

    /// <summary>
    /// Copies every node and initializer of another graph into this one, in order, so that its values
    /// become values of this graph: each name gets <paramref name="prefix"/> (so nothing collides with
    /// names of this graph), except the other graph's inputs, which are wired to values of this graph
    /// through <paramref name="inputs"/>. The other graph's inputs, outputs and value infos are not
    /// copied; use the returned function to find where its values ended up.
    /// </summary>
    /// <param name="other">The graph to embed; it is not modified.</param>
    /// <param name="prefix">Prepended to every embedded name, e.g. "mlnet.".</param>
    /// <param name="inputs">Other-graph input name -> value of this graph that feeds it.</param>
    /// <returns>Maps a value name of <paramref name="other"/> to its name in this graph.</returns>
    /// <exception cref="ArgumentException">An input of <paramref name="other"/> that is read has no value in <paramref name="inputs"/>.</exception>
    /// <exception cref="NotSupportedException">A node holds a subgraph (If, Loop, Scan), whose names cannot be remapped here.</exception>
    public Func<string, string> Embed(GraphProto other, string prefix, IReadOnlyDictionary<string, string> inputs)
    {
        ArgumentNullException.ThrowIfNull(other);
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        ArgumentNullException.ThrowIfNull(inputs);
        var initializers = other.Initializer.Select(tensor => tensor.Name).ToHashSet(StringComparer.Ordinal);
        var unwired = other.Input.Select(input => input.Name)
            .Where(name => !initializers.Contains(name) && !inputs.ContainsKey(name)).ToHashSet(StringComparer.Ordinal);
        string Map(string name) => name.Length == 0 ? name : inputs.TryGetValue(name, out string? wired) ? wired : prefix + name;
        foreach (TensorProto tensor in other.Initializer)
        {
            TensorProto copy = tensor.Clone();
            copy.Name = Map(tensor.Name);
            AddInitializer(copy);
        }
        foreach (NodeProto node in other.Node)
        {
            if (node.Attribute.Any(attribute => attribute.G is not null || attribute.Graphs.Count > 0))
            {
                throw new NotSupportedException($"Node '{node.Name}' ({node.OpType}) holds a subgraph; embedding subgraphs is not supported.");
            }
            string? missing = node.Input.FirstOrDefault(unwired.Contains);
            if (missing is not null)
            {
                throw new ArgumentException($"Input '{missing}' of the embedded graph is read by node '{node.Name}' ({node.OpType}) but not wired to a value.", nameof(inputs));
            }
            NodeProto copy = node.Clone();
            copy.Name = UniqueName(prefix + node.Name);
            copy.Input.Clear();
            copy.Input.AddRange(node.Input.Select(Map));
            copy.Output.Clear();
            copy.Output.AddRange(node.Output.Select(Map));
            _names.UnionWith(copy.Output);
            _graph.Node.Add(copy);
        }
        return Map;
    }

    /// <summary>A fresh name that no other value of the graph uses.</summary>
    public string UniqueName(string stem)
    {
        string name = stem;
        while (_names.Contains(name))
        {
            name = $"{stem}_{++_counter}";
        }
        _names.Add(name);
        return name;
    }

    /// <summary>Wraps the graph in a model with the given metadata properties.</summary>
    public ModelProto Build(IReadOnlyDictionary<string, string>? metadata = null, string producerVersion = "1.0")
    {
        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "LanguageInterpolation",
            ProducerVersion = producerVersion,
            Graph = _graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
        if (_graph.Node.Any(node => node.Domain == MlDomain))
        {
            model.OpsetImport.Add(new OperatorSetIdProto { Domain = MlDomain, Version = MlOpset });
        }
        foreach (var (key, value) in metadata ?? new Dictionary<string, string>())
        {
            model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        }
        return model;
    }

    /// <summary>A typed value description with the given dimensions (long sizes or string symbols).</summary>
    public static ValueInfoProto ValueInfo(string name, TensorProto.Types.DataType elementType, params object[] dimensions)
    {
        var shape = new TensorShapeProto();
        foreach (object dimension in dimensions)
        {
            shape.Dim.Add(dimension switch
            {
                string symbol => new TensorShapeProto.Types.Dimension { DimParam = symbol },
                int size => new TensorShapeProto.Types.Dimension { DimValue = size },
                long size => new TensorShapeProto.Types.Dimension { DimValue = size },
                _ => throw new ArgumentException($"A dimension must be a size or a symbol, not {dimension.GetType().Name}.", nameof(dimensions)),
            });
        }
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)elementType, Shape = shape } },
        };
    }

    private void Reserve(string name)
    {
        if (!_names.Add(name))
        {
            throw new ArgumentException($"The graph already has a value named '{name}'.", nameof(name));
        }
    }
}
