// The library's public API, listed in docs/public-api.txt: every public type and every public or
// protected member with its signature. The list is regenerated here by reflection and compared, so a
// change to the API is always deliberate — accept one by running the tests with REIN2_ACCEPT_API=1,
// which rewrites the file, and commit it with the change.
using System.Reflection;
using System.Text;

namespace Rein2.Pure.Tests.Support;

public class PublicApiTests
{
    const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    static string ApiFile => Path.Combine(DocPages.Repo(), "docs", "public-api.txt");

    [Fact]
    public void ThePublicApiIsTheCommittedList()
    {
        string now = Describe(typeof(Rein2.Pure.InvalidSettingException).Assembly);
        if (Environment.GetEnvironmentVariable("REIN2_ACCEPT_API") == "1") File.WriteAllText(ApiFile, now);
        string committed = File.Exists(ApiFile) ? File.ReadAllText(ApiFile) : "";
        var added = Lines(now).Except(Lines(committed)).ToList();
        var removed = Lines(committed).Except(Lines(now)).ToList();
        Assert.True(added.Count == 0 && removed.Count == 0,
            "The public API differs from docs/public-api.txt (run the tests with REIN2_ACCEPT_API=1 to accept it, then commit the file):\n"
            + string.Join("\n", added.Select(l => "+ " + l).Concat(removed.Select(l => "- " + l))));
    }

    [Fact]
    public void TheListSeesAMemberChange()
    {
        string line = Member(typeof(PublicApiTests).GetMethod(nameof(Sample), Declared)!);
        Assert.Equal("method static System.Collections.Generic.IReadOnlyList<System.Int32> Sample(System.ReadOnlySpan<System.Single> values, ref System.Int64 count, System.String? name = null)", line);
    }

    static IReadOnlyList<int> Sample(ReadOnlySpan<float> values, ref long count, string? name = null) => [values.Length, (int)count, name?.Length ?? 0];

    static IEnumerable<string> Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    internal static string Describe(Assembly assembly)
    {
        var sb = new StringBuilder();
        foreach (var type in assembly.GetExportedTypes().OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            sb.Append(TypeKind(type)).Append(' ').Append(Name(type));
            if (type.BaseType is { } b && b != typeof(object) && b != typeof(ValueType) && b != typeof(Enum)) sb.Append(" : ").Append(Name(b));
            foreach (var i in type.GetInterfaces().Where(i => i.IsPublic || i.IsNestedPublic).Select(i => Name(i)).Order(StringComparer.Ordinal)) sb.Append(", ").Append(i);
            sb.Append('\n');
            foreach (var m in type.GetMembers(Declared).Where(Visible).Select(Member).Where(s => s.Length > 0).Order(StringComparer.Ordinal))
                sb.Append("  ").Append(m).Append('\n');
        }
        return sb.ToString();
    }

    static string TypeKind(Type t) =>
        t.IsEnum ? "enum" : t.IsInterface ? "interface" : t.IsValueType ? (t.IsDefined(typeof(System.Runtime.CompilerServices.IsReadOnlyAttribute)) ? "readonly struct" : "struct")
        : t.IsAbstract && t.IsSealed ? "static class" : t.IsAbstract ? "abstract class" : t.IsSealed ? "sealed class" : "class";

    static bool Visible(MemberInfo m) => m switch
    {
        MethodBase b => (b.IsPublic || b.IsFamily || b.IsFamilyOrAssembly) && !(b is MethodInfo { IsSpecialName: true } && !b.Name.StartsWith("op_", StringComparison.Ordinal)),
        FieldInfo f => (f.IsPublic || f.IsFamily || f.IsFamilyOrAssembly) && !f.IsSpecialName,
        PropertyInfo p => p.GetAccessors(true).Any(a => a.IsPublic || a.IsFamily || a.IsFamilyOrAssembly),
        EventInfo e => e.AddMethod is { } a && (a.IsPublic || a.IsFamily),
        _ => false, // nested types are listed as types of their own
    };

    static string Member(MemberInfo m)
    {
        var nullability = new NullabilityInfoContext();
        switch (m)
        {
            case ConstructorInfo c:
                return $"ctor({Parameters(c, nullability)})";
            case MethodInfo mi:
                string mods = (mi.IsStatic ? "static " : "") + (mi.IsAbstract ? "abstract " : mi.IsVirtual && !mi.IsFinal && mi.GetBaseDefinition() == mi ? "virtual " : mi.GetBaseDefinition() != mi ? "override " : "") + (mi.IsFamily ? "protected " : "");
                string generic = mi.IsGenericMethod ? "<" + string.Join(", ", mi.GetGenericArguments().Select(a => a.Name)) + ">" : "";
                return $"method {mods}{Name(mi.ReturnType, nullability.Create(mi.ReturnParameter))} {mi.Name}{generic}({Parameters(mi, nullability)})";
            case PropertyInfo p:
                var get = p.GetMethod is { } g && (g.IsPublic || g.IsFamily) ? (g.IsFamily ? "protected get; " : "get; ") : "";
                var set = p.SetMethod is { } s && (s.IsPublic || s.IsFamily) ? (s.ReturnParameter.GetRequiredCustomModifiers().Any(t => t.Name == "IsExternalInit") ? "init; " : s.IsFamily ? "protected set; " : "set; ") : "";
                string index = p.GetIndexParameters().Length > 0 ? "[" + string.Join(", ", p.GetIndexParameters().Select(i => Name(i.ParameterType))) + "]" : "";
                string stat = (p.GetMethod ?? p.SetMethod)!.IsStatic ? "static " : "";
                return $"property {stat}{Name(p.PropertyType, nullability.Create(p))} {p.Name}{index} {{ {get}{set}}}";
            case FieldInfo f:
                string kind = f.IsLiteral ? $"const {Name(f.FieldType)} {f.Name} = {Literal(f.GetRawConstantValue())}" : $"field {(f.IsStatic ? "static " : "")}{(f.IsInitOnly ? "readonly " : "")}{Name(f.FieldType, nullability.Create(f))} {f.Name}";
                return f.DeclaringType!.IsEnum ? $"{f.Name} = {Literal(f.GetRawConstantValue())}" : kind;
            case EventInfo e:
                return $"event {Name(e.EventHandlerType!)} {e.Name}";
            default:
                return "";
        }
    }

    static string Literal(object? v) => v switch
    {
        null => "null",
        string s => "\"" + s + "\"",
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => v.ToString() ?? "",
    };

    static string Parameters(MethodBase m, NullabilityInfoContext nullability) => string.Join(", ", m.GetParameters().Select(p =>
    {
        var type = p.ParameterType;
        string prefix = p.IsOut ? "out " : type.IsByRef ? (p.IsIn ? "in " : "ref ") : p.IsDefined(typeof(ParamArrayAttribute)) ? "params " : "";
        string text = prefix + Name(type.IsByRef ? type.GetElementType()! : type, nullability.Create(p)) + " " + p.Name;
        return p.HasDefaultValue ? text + " = " + (p.DefaultValue is null && type.IsValueType ? "default" : Literal(p.DefaultValue)) : text;
    }));

    static string Name(Type t, NullabilityInfo? n = null)
    {
        if (t.IsByRef) return Name(t.GetElementType()!, n);
        if (t.IsArray) return Name(t.GetElementType()!, n?.ElementType) + "[]" + (n?.ReadState == NullabilityState.Nullable ? "?" : "");
        if (t.IsGenericParameter) return t.Name;
        if (Nullable.GetUnderlyingType(t) is { } u) return Name(u) + "?";
        string name = (t.IsNested ? Name(t.DeclaringType!) + "." : t.Namespace + ".") + (t.IsGenericType ? t.Name[..t.Name.IndexOf('`')] : t.Name);
        if (t.IsGenericType)
        {
            var args = t.GetGenericArguments();
            name += "<" + string.Join(", ", args.Select((a, i) => Name(a, n?.GenericTypeArguments.Length == args.Length ? n.GenericTypeArguments[i] : null))) + ">";
        }
        return name + (!t.IsValueType && n?.ReadState == NullabilityState.Nullable ? "?" : "");
    }
}
