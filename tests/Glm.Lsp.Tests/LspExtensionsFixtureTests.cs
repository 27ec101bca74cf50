using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Glm.Lsp.Composition;
using Glm.Lsp.Protocol;
using Glm.Lsp.Server;
using StreamJsonRpc;

namespace Glm.Lsp.Tests;

/// <summary>
/// Describes the server's custom glm/ methods and the shapes of their DTOs, read by reflection from the handlers and
/// Protocol/, and compares the description with clients/vscode/test/fixtures/lsp-extensions.json, which the VS Code
/// client's unit test holds protocol.ts against. Regenerate the fixture after changing a custom method or its DTOs:
/// <c>GLM_UPDATE_FIXTURES=1 dotnet test tests/Glm.Lsp.Tests -c Release --filter FullyQualifiedName~LspExtensionsFixtureTests</c>
/// </summary>
public sealed class LspExtensionsFixtureTests
{
    private const string FixturePath = "clients/vscode/test/fixtures/lsp-extensions.json";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The server's serializer settings, with the reflection resolver it uses at run time.</summary>
    private static readonly JsonSerializerOptions Wire = new(LspJson.Options) { TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver() };

    /// <summary>Notifications the server sends: they have no handler to reflect on, so they are named here.</summary>
    private static readonly (string Method, Type Params)[] ServerToClientNotifications =
    [
        (ServerCommands.StatusMethod, typeof(GlmStatus)),
        (ServerCommands.RequestStatsNotification, typeof(RequestStatsParams)),
    ];

    [Fact]
    public void TheFixtureDescribesTheServersCustomMethodsAndTheirShapes()
    {
        var described = Describe().ToJsonString(Indented) + "\n";
        var path = Path.Combine(RepositoryRoot(), FixturePath);
        if (Environment.GetEnvironmentVariable("GLM_UPDATE_FIXTURES") == "1")
        {
            File.WriteAllText(path, described);
        }

        Assert.True(
            File.Exists(path) && File.ReadAllText(path).ReplaceLineEndings("\n") == described,
            $"{FixturePath} differs from the server's declaration. Regenerate it with: "
            + "GLM_UPDATE_FIXTURES=1 dotnet test tests/Glm.Lsp.Tests -c Release --filter FullyQualifiedName~LspExtensionsFixtureTests\n"
            + described);
    }

    [Fact]
    public void EveryCustomMethodNameInServerCommandsIsDescribed()
    {
        var declared = typeof(ServerCommands).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => (string)f.GetRawConstantValue()!)
            .Where(name => name.StartsWith("glm/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
        Assert.Equal(declared, Describe()["methods"]!.AsObject().Select(m => m.Key).Order(StringComparer.Ordinal));
    }

    private static JsonObject Describe()
    {
        var methods = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
        var types = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
        var pending = new Queue<Type>();

        // The handlers are the server's RPC targets; other targets in the assembly are clients.
        var handlers = typeof(LanguageServer).Assembly.GetTypes().Where(t => t.Namespace?.StartsWith("Glm.Lsp.Handlers", StringComparison.Ordinal) == true);
        foreach (var method in handlers.SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)))
        {
            // The glm/debug/ methods exist only in a server started for tests (docs/lsp-extensions.md, "Test-only methods").
            if (method.GetCustomAttribute<JsonRpcMethodAttribute>()?.Name is not { } name
                || !name.StartsWith("glm/", StringComparison.Ordinal)
                || name.StartsWith("glm/debug/", StringComparison.Ordinal))
            {
                continue;
            }

            var parameter = method.GetParameters().FirstOrDefault(p => p.ParameterType != typeof(CancellationToken))?.ParameterType;
            var result = Unwrap(method.ReturnType);
            var entry = new JsonObject { ["direction"] = "clientToServer", ["kind"] = result is null ? "notification" : "request" };
            entry["params"] = parameter is null ? null : TypeName(parameter, pending);
            if (result is not null)
            {
                entry["result"] = TypeName(result, pending);
            }

            methods.Add(name, entry);
        }

        foreach (var (name, parameters) in ServerToClientNotifications)
        {
            methods.Add(name, new JsonObject { ["direction"] = "serverToClient", ["kind"] = "notification", ["params"] = TypeName(parameters, pending) });
        }

        while (pending.TryDequeue(out var type))
        {
            if (!types.ContainsKey(type.Name))
            {
                types[type.Name] = Fields(type, pending);
            }
        }

        return new JsonObject
        {
            ["methods"] = new JsonObject(methods.Select(m => KeyValuePair.Create(m.Key, (JsonNode?)m.Value))),
            ["types"] = new JsonObject(types.Select(t => KeyValuePair.Create(t.Key, (JsonNode?)t.Value))),
        };
    }

    /// <summary>Each member by its JSON name, in serialization order: "name" when always sent, "name?" when left out
    /// while null; the type gets " | null" when the member is always sent but may be null.</summary>
    private static JsonObject Fields(Type type, Queue<Type> pending)
    {
        var fields = new JsonObject();
        foreach (var property in Wire.GetTypeInfo(type).Properties)
        {
            var member = property.AttributeProvider as MemberInfo;
            var alwaysSent = member?.GetCustomAttribute<JsonIgnoreAttribute>()?.Condition == JsonIgnoreCondition.Never;
            var nullable = property.IsGetNullable && (!property.PropertyType.IsValueType || Nullable.GetUnderlyingType(property.PropertyType) is not null);
            var typeName = TypeName(property.PropertyType, pending);
            fields[nullable && !alwaysSent ? property.Name + "?" : property.Name] = nullable && alwaysSent ? typeName + " | null" : typeName;
        }

        return fields;
    }

    private static string TypeName(Type type, Queue<Type> pending)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string))
        {
            return "string";
        }

        if (type == typeof(bool))
        {
            return "boolean";
        }

        if (type == typeof(int) || type == typeof(long) || type.IsEnum)
        {
            return "integer";
        }

        if (type == typeof(double) || type == typeof(float))
        {
            return "number";
        }

        if (type == typeof(JsonElement) || typeof(JsonNode).IsAssignableFrom(type))
        {
            return "json";
        }

        if (type.IsGenericType && type.GetGenericArguments() is [var key, var value] && typeof(System.Collections.IEnumerable).IsAssignableFrom(type))
        {
            return $"Record<{TypeName(key, pending)}, {TypeName(value, pending)}>";
        }

        if (type.IsGenericType && type.GetGenericArguments() is [var item] && typeof(System.Collections.IEnumerable).IsAssignableFrom(type))
        {
            return TypeName(item, pending) + "[]";
        }

        pending.Enqueue(type);
        return type.Name;
    }

    private static Type? Unwrap(Type returnType) =>
        returnType == typeof(void) || returnType == typeof(Task) || returnType == typeof(ValueTask) ? null
        : returnType.IsGenericType && (returnType.GetGenericTypeDefinition() == typeof(Task<>) || returnType.GetGenericTypeDefinition() == typeof(ValueTask<>)) ? returnType.GetGenericArguments()[0]
        : returnType;

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "global.json")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("global.json was not found above " + AppContext.BaseDirectory);
    }
}
