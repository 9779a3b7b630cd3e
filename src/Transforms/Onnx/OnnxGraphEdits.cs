using LanguageInterpolation.Transforms.Onnx.Proto;

namespace LanguageInterpolation.Transforms.Onnx;

/// <summary>Small edits of existing graphs (renaming values, prefixing a graph before another).</summary>
public static class OnnxGraphEdits
{
    /// <summary>Renames a value everywhere it appears: graph inputs and outputs, node inputs and outputs, initializers.</summary>
    public static void RenameValue(GraphProto graph, string from, string to)
    {
        ArgumentNullException.ThrowIfNull(graph);
        if (from == to)
        {
            return;
        }
        foreach (ValueInfoProto value in graph.Input.Concat(graph.Output).Concat(graph.ValueInfo).Where(value => value.Name == from))
        {
            value.Name = to;
        }
        foreach (TensorProto initializer in graph.Initializer.Where(initializer => initializer.Name == from))
        {
            initializer.Name = to;
        }
        foreach (NodeProto node in graph.Node)
        {
            for (int i = 0; i < node.Input.Count; i++)
            {
                if (node.Input[i] == from)
                {
                    node.Input[i] = to;
                }
            }
            for (int i = 0; i < node.Output.Count; i++)
            {
                if (node.Output[i] == from)
                {
                    node.Output[i] = to;
                }
            }
        }
    }
}
