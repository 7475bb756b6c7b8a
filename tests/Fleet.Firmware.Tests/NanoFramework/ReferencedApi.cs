using System.Collections.Immutable;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace Fleet.Firmware.Tests.NanoFramework;

/// <summary>A type or member an assembly uses from outside itself, as a doc-ID.</summary>
/// <param name="Kind">T, M or F.</param>
/// <param name="TypeName">The declaring type, or the type itself for T.</param>
/// <param name="Member">The member part of the doc-ID (name and parameters), empty for T.</param>
public sealed record ReferencedApi(string Kind, string TypeName, string Member)
{
    public override string ToString() => Member.Length == 0 ? $"T:{TypeName}" : $"{Kind}:{TypeName}.{Member}";

    /// <summary>Every type and member the assembly references, and every use of generics.</summary>
    public static (IReadOnlyList<ReferencedApi> References, IReadOnlyList<string> GenericUses) ReadFrom(string assemblyPath)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        var reader = pe.GetMetadataReader();
        var names = new DocIdTypeNames(reader);
        var references = new List<ReferencedApi>();
        var generics = new List<string>();

        foreach (var handle in reader.TypeReferences)
        {
            references.Add(new ReferencedApi("T", names.Of(handle), ""));
        }

        foreach (var handle in reader.MemberReferences)
        {
            var member = reader.GetMemberReference(handle);
            string declaringType;
            if (member.Parent.Kind == HandleKind.TypeReference)
            {
                declaringType = names.Of((TypeReferenceHandle)member.Parent);
            }
            else if (member.Parent.Kind == HandleKind.TypeSpecification)
            {
                declaringType = reader.GetTypeSpecification((TypeSpecificationHandle)member.Parent).DecodeSignature(names, null);
                generics.Add($"{declaringType}.{reader.GetString(member.Name)}");
                continue;
            }
            else
            {
                continue;
            }

            var name = reader.GetString(member.Name);
            if (member.GetKind() == MemberReferenceKind.Field)
            {
                references.Add(new ReferencedApi("F", declaringType, name));
                continue;
            }

            var signature = member.DecodeMethodSignature(names, null);
            references.Add(new ReferencedApi("M", declaringType, MethodId(name, signature)));
        }

        for (var row = 1; row <= reader.GetTableRowCount(TableIndex.MethodSpec); row++)
        {
            var spec = reader.GetMethodSpecification(MetadataTokens.MethodSpecificationHandle(row));
            var arguments = spec.DecodeSignature(names, null);
            generics.Add($"generic method instance <{string.Join(",", arguments)}>");
        }

        for (var row = 1; row <= reader.GetTableRowCount(TableIndex.TypeSpec); row++)
        {
            var spec = reader.GetTypeSpecification(MetadataTokens.TypeSpecificationHandle(row));
            var decoded = spec.DecodeSignature(names, null);
            if (decoded.Contains('{'))
            {
                generics.Add(decoded);
            }
        }

        return (references, generics.Distinct().ToList());
    }

    private static string MethodId(string name, MethodSignature<string> signature)
    {
        var id = name == ".ctor" ? "#ctor" : name;
        if (signature.ParameterTypes.Length > 0)
        {
            id += "(" + string.Join(",", signature.ParameterTypes) + ")";
        }

        if (name is "op_Implicit" or "op_Explicit")
        {
            id += "~" + signature.ReturnType;
        }

        return id;
    }

    /// <summary>Writes type names the way documentation-comment IDs do.</summary>
    private sealed class DocIdTypeNames(MetadataReader reader) : ISignatureTypeProvider<string, object?>
    {
        public string Of(TypeReferenceHandle handle)
        {
            var type = reader.GetTypeReference(handle);
            var name = reader.GetString(type.Name);
            if (type.ResolutionScope.Kind == HandleKind.TypeReference)
            {
                return Of((TypeReferenceHandle)type.ResolutionScope) + "." + name;
            }

            var ns = reader.GetString(type.Namespace);
            return ns.Length == 0 ? name : ns + "." + name;
        }

        public string GetPrimitiveType(PrimitiveTypeCode typeCode) => "System." + typeCode switch
        {
            PrimitiveTypeCode.IntPtr => "IntPtr",
            PrimitiveTypeCode.UIntPtr => "UIntPtr",
            PrimitiveTypeCode.TypedReference => "TypedReference",
            _ => typeCode.ToString(),
        };

        public string GetTypeFromReference(MetadataReader metadata, TypeReferenceHandle handle, byte rawTypeKind) => Of(handle);

        public string GetTypeFromDefinition(MetadataReader metadata, TypeDefinitionHandle handle, byte rawTypeKind)
        {
            var type = metadata.GetTypeDefinition(handle);
            var ns = metadata.GetString(type.Namespace);
            var name = metadata.GetString(type.Name);
            return ns.Length == 0 ? name : ns + "." + name;
        }

        public string GetTypeFromSpecification(MetadataReader metadata, object? context, TypeSpecificationHandle handle, byte rawTypeKind) =>
            metadata.GetTypeSpecification(handle).DecodeSignature(this, context);

        public string GetSZArrayType(string elementType) => elementType + "[]";

        public string GetArrayType(string elementType, ArrayShape shape) => elementType + "[" + new string(',', shape.Rank - 1) + "]";

        public string GetByReferenceType(string elementType) => elementType + "@";

        public string GetPointerType(string elementType) => elementType + "*";

        public string GetGenericInstantiation(string genericType, ImmutableArray<string> typeArguments)
        {
            var tick = genericType.IndexOf('`');
            return (tick < 0 ? genericType : genericType[..tick]) + "{" + string.Join(",", typeArguments) + "}";
        }

        public string GetGenericTypeParameter(object? context, int index) => "`" + index;

        public string GetGenericMethodParameter(object? context, int index) => "``" + index;

        public string GetFunctionPointerType(MethodSignature<string> signature) => "function-pointer";

        public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired) => unmodifiedType;

        public string GetPinnedType(string elementType) => elementType;
    }
}
