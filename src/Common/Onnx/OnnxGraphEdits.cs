using LanguageInterpolation.Common.Onnx.Proto;

namespace LanguageInterpolation.Common.Onnx;

/// <summary>Small edits of existing graphs (renaming values, removing what no output needs).</summary>
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

    /// <summary>
    /// Removes every node whose outputs no graph output needs, then every initializer, graph input and
    /// value info that no remaining node reads (graph outputs are kept). Node order is preserved, so a
    /// topologically sorted graph stays sorted.
    /// </summary>
    /// <returns>The number of nodes removed.</returns>
    public static int Prune(GraphProto graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var needed = graph.Output.Select(output => output.Name).ToHashSet(StringComparer.Ordinal);
        var kept = new List<NodeProto>(graph.Node.Count);
        for (int i = graph.Node.Count - 1; i >= 0; i--)
        {
            NodeProto node = graph.Node[i];
            if (node.Output.Any(needed.Contains))
            {
                kept.Add(node);
                needed.UnionWith(node.Input.Where(input => input.Length > 0));
            }
        }
        kept.Reverse();
        int removed = graph.Node.Count - kept.Count;
        graph.Node.Clear();
        graph.Node.AddRange(kept);
        RemoveWhere(graph.Initializer, tensor => !needed.Contains(tensor.Name));
        RemoveWhere(graph.Input, input => !needed.Contains(input.Name));
        RemoveWhere(graph.ValueInfo, value => !needed.Contains(value.Name));
        return removed;
    }

    private static void RemoveWhere<T>(Google.Protobuf.Collections.RepeatedField<T> items, Func<T, bool> remove)
    {
        var keep = items.Where(item => !remove(item)).ToList();
        items.Clear();
        items.AddRange(keep);
    }
}
