using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace LanguageInterpolation.Tests.Analyzers;

/// <summary>
/// Reads TorchSharp's IL for the members that make a <c>Scalar</c> and drop it without disposing it (by a conversion
/// or <c>ToScalar</c>, directly or through another member that does), written as the analyzer's member list writes
/// signatures. Such a Scalar is unreachable while libtorch reads it (see the analyzer's remarks).
/// </summary>
internal static class TemporaryScalarScan
{
    /// <summary>The public and protected members of public types in <paramref name="assemblyPath"/> that drop a Scalar, sorted.</summary>
    public static IReadOnlyList<string> Members(string assemblyPath)
    {
        using FileStream file = File.OpenRead(assemblyPath);
        using var image = new PEReader(file);
        MetadataReader metadata = image.GetMetadataReader();
        var names = new SignatureNames(metadata);
        var bodies = new Dictionary<MethodDefinitionHandle, Body>();
        foreach (MethodDefinitionHandle handle in metadata.MethodDefinitions)
        {
            MethodDefinition method = metadata.GetMethodDefinition(handle);
            bodies[handle] = method.RelativeVirtualAddress == 0 ? new Body(0, 0, []) : Read(image.GetMethodBody(method.RelativeVirtualAddress), metadata);
        }
        // A member drops a Scalar when it makes more than it disposes, or calls a member that drops one: to a fixed point.
        var drops = bodies.Where(pair => pair.Value.Made > pair.Value.Disposed && !ReturnsScalar(metadata, names, pair.Key)).Select(pair => pair.Key).ToHashSet();
        for (bool grew = true; grew;)
        {
            grew = false;
            foreach ((MethodDefinitionHandle handle, Body body) in bodies)
            {
                if (!drops.Contains(handle) && !ReturnsScalar(metadata, names, handle) && body.Callees.Any(drops.Contains))
                {
                    grew = drops.Add(handle);
                }
            }
        }
        return [.. drops.Where(handle => IsVisible(metadata, handle)).Select(handle => names.Signature(handle)).Distinct().Order(StringComparer.Ordinal)];
    }

    private sealed record Body(int Made, int Disposed, ImmutableArray<MethodDefinitionHandle> Callees);

    private static Body Read(MethodBodyBlock body, MetadataReader metadata)
    {
        BlobReader il = body.GetILReader();
        int made = 0, disposed = 0;
        var callees = ImmutableArray.CreateBuilder<MethodDefinitionHandle>();
        while (il.RemainingBytes > 0)
        {
            int code = il.ReadByte();
            if (code == 0xFE)
            {
                code = 0xFE00 | il.ReadByte();
            }
            var opCode = (ILOpCode)code;
            if (opCode is ILOpCode.Call or ILOpCode.Callvirt or ILOpCode.Newobj or ILOpCode.Ldftn)
            {
                EntityHandle target = MetadataTokens.EntityHandle(il.ReadInt32());
                (string type, string name) = TypeAndName(metadata, target);
                if (type == "Scalar" && name is "op_Implicit" or "op_Explicit" || type == "ScalarExtensionMethods" && name == "ToScalar")
                {
                    made++;
                }
                else if (type == "Scalar" && name == "Dispose")
                {
                    disposed++;
                }
                if (Definition(metadata, target) is MethodDefinitionHandle callee)
                {
                    callees.Add(callee);
                }
                continue;
            }
            il.Offset += OperandBytes(opCode, ref il);
        }
        return new Body(made, disposed, callees.ToImmutable());
    }

    private static MethodDefinitionHandle? Definition(MetadataReader metadata, EntityHandle target) => target.Kind switch
    {
        HandleKind.MethodDefinition => (MethodDefinitionHandle)target,
        HandleKind.MethodSpecification => Definition(metadata, metadata.GetMethodSpecification((MethodSpecificationHandle)target).Method),
        _ => null,
    };

    private static (string Type, string Name) TypeAndName(MetadataReader metadata, EntityHandle target)
    {
        switch (target.Kind)
        {
            case HandleKind.MethodDefinition:
                MethodDefinition method = metadata.GetMethodDefinition((MethodDefinitionHandle)target);
                return (metadata.GetString(metadata.GetTypeDefinition(method.GetDeclaringType()).Name), metadata.GetString(method.Name));
            case HandleKind.MemberReference:
                MemberReference member = metadata.GetMemberReference((MemberReferenceHandle)target);
                string type = member.Parent.Kind switch
                {
                    HandleKind.TypeReference => metadata.GetString(metadata.GetTypeReference((TypeReferenceHandle)member.Parent).Name),
                    HandleKind.TypeDefinition => metadata.GetString(metadata.GetTypeDefinition((TypeDefinitionHandle)member.Parent).Name),
                    _ => "",
                };
                return (type, metadata.GetString(member.Name));
            case HandleKind.MethodSpecification:
                return TypeAndName(metadata, metadata.GetMethodSpecification((MethodSpecificationHandle)target).Method);
            default:
                return ("", "");
        }
    }

    private static bool ReturnsScalar(MetadataReader metadata, SignatureNames names, MethodDefinitionHandle handle) =>
        metadata.GetMethodDefinition(handle).DecodeSignature(names, null).ReturnType == "TorchSharp.Scalar";

    private static bool IsVisible(MetadataReader metadata, MethodDefinitionHandle handle)
    {
        MethodDefinition method = metadata.GetMethodDefinition(handle);
        MethodAttributes access = method.Attributes & MethodAttributes.MemberAccessMask;
        if (access is not (MethodAttributes.Public or MethodAttributes.Family or MethodAttributes.FamORAssem))
        {
            return false;
        }
        for (TypeDefinitionHandle type = method.GetDeclaringType(); !type.IsNil;)
        {
            TypeDefinition definition = metadata.GetTypeDefinition(type);
            TypeAttributes visibility = definition.Attributes & TypeAttributes.VisibilityMask;
            if (visibility is not (TypeAttributes.Public or TypeAttributes.NestedPublic or TypeAttributes.NestedFamily or TypeAttributes.NestedFamORAssem))
            {
                return false;
            }
            type = definition.GetDeclaringType();
        }
        return true;
    }

    // Bytes of the operand that follows an opcode (ECMA-335 III), the tokens of calls read above.
    private static int OperandBytes(ILOpCode code, ref BlobReader il)
    {
        switch (code)
        {
            case ILOpCode.Switch:
                return 4 * il.ReadInt32();
            case ILOpCode.Ldc_i8 or ILOpCode.Ldc_r8:
                return 8;
            case ILOpCode.Ldarg or ILOpCode.Ldarga or ILOpCode.Starg or ILOpCode.Ldloc or ILOpCode.Ldloca or ILOpCode.Stloc:
                return 2;
            case ILOpCode.Unaligned or ILOpCode.Ldc_i4_s or ILOpCode.Ldarg_s or ILOpCode.Ldarga_s or ILOpCode.Starg_s
                or ILOpCode.Ldloc_s or ILOpCode.Ldloca_s or ILOpCode.Stloc_s or ILOpCode.Leave_s:
            case >= ILOpCode.Br_s and <= ILOpCode.Blt_un_s:
                return 1;
            case >= ILOpCode.Br and <= ILOpCode.Blt_un:
            case ILOpCode.Leave or ILOpCode.Ldc_i4 or ILOpCode.Ldc_r4 or ILOpCode.Jmp or ILOpCode.Calli or ILOpCode.Cpobj
                or ILOpCode.Ldobj or ILOpCode.Ldstr or ILOpCode.Castclass or ILOpCode.Isinst or ILOpCode.Unbox or ILOpCode.Ldfld
                or ILOpCode.Ldflda or ILOpCode.Stfld or ILOpCode.Ldsfld or ILOpCode.Ldsflda or ILOpCode.Stsfld or ILOpCode.Stobj
                or ILOpCode.Box or ILOpCode.Newarr or ILOpCode.Ldelema or ILOpCode.Ldelem or ILOpCode.Stelem or ILOpCode.Unbox_any
                or ILOpCode.Refanyval or ILOpCode.Mkrefany or ILOpCode.Ldtoken or ILOpCode.Ldvirtftn or ILOpCode.Initobj
                or ILOpCode.Constrained or ILOpCode.Sizeof:
                return 4;
            default:
                return 0;
        }
    }

    // Type names as the analyzer writes them: Namespace.Type+Nested, generic arity kept, arguments dropped.
    private sealed class SignatureNames(MetadataReader metadata) : ISignatureTypeProvider<string, object?>
    {
        public string Signature(MethodDefinitionHandle handle)
        {
            MethodDefinition method = metadata.GetMethodDefinition(handle);
            MethodSignature<string> signature = method.DecodeSignature(this, null);
            return $"{GetTypeFromDefinition(metadata, method.GetDeclaringType(), 0)}.{metadata.GetString(method.Name)}({string.Join(",", signature.ParameterTypes)})";
        }

        public string GetPrimitiveType(PrimitiveTypeCode typeCode) => "System." + typeCode switch
        {
            PrimitiveTypeCode.IntPtr => "IntPtr",
            PrimitiveTypeCode.UIntPtr => "UIntPtr",
            PrimitiveTypeCode.TypedReference => "TypedReference",
            _ => typeCode.ToString(),
        };

        public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind)
        {
            TypeDefinition type = reader.GetTypeDefinition(handle);
            string name = reader.GetString(type.Name);
            TypeDefinitionHandle outer = type.GetDeclaringType();
            if (!outer.IsNil)
            {
                return GetTypeFromDefinition(reader, outer, 0) + "+" + name;
            }
            string space = reader.GetString(type.Namespace);
            return space.Length == 0 ? name : space + "." + name;
        }

        public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind)
        {
            TypeReference type = reader.GetTypeReference(handle);
            string name = reader.GetString(type.Name);
            if (type.ResolutionScope.Kind == HandleKind.TypeReference)
            {
                return GetTypeFromReference(reader, (TypeReferenceHandle)type.ResolutionScope, 0) + "+" + name;
            }
            string space = reader.GetString(type.Namespace);
            return space.Length == 0 ? name : space + "." + name;
        }

        public string GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
            reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);

        public string GetSZArrayType(string elementType) => elementType + "[]";

        public string GetArrayType(string elementType, ArrayShape shape) => elementType + "[]";

        public string GetByReferenceType(string elementType) => elementType + "&";

        public string GetPointerType(string elementType) => elementType + "*";

        public string GetGenericInstantiation(string genericType, ImmutableArray<string> typeArguments) => genericType;

        public string GetGenericMethodParameter(object? genericContext, int index) => "!!" + index;

        public string GetGenericTypeParameter(object? genericContext, int index) => "!" + index;

        public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired) => unmodifiedType;

        public string GetPinnedType(string elementType) => elementType;

        public string GetFunctionPointerType(MethodSignature<string> signature) => "fnptr";
    }
}
