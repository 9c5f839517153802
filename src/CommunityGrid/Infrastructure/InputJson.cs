using System.Collections;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace CommunityGrid.Infrastructure;

/// <summary>
/// <see cref="InputRules"/> built into the app's JSON options, so every request body obeys them
/// without a line in any handler: strings are checked and normalised, numbers are finite and
/// bounded (coordinates in range), dates lie in range, members that are neither nullable nor
/// defaulted must be present (except a bool, which reads as false), and a list never holds null.
/// </summary>
/// <remarks>
/// A contract modifier, not converters: the serializer reads as before (so the OpenAPI document
/// keeps its schemas) and each of the app's own types is checked, and its strings normalised,
/// right after it is read. Only reading is affected. A member whose declared maximum length is at
/// most <see cref="InputRules.SingleLineMaxLength"/> is single-line; declared maximum lengths are
/// left to DataAnnotations validation (400 <c>validation_failed</c>), and a string without one is
/// held to <see cref="InputRules.DefaultMaxLength"/>. A number member named latitude/longitude
/// (or lat/lng) must lie in China (<see cref="InputRules.Coordinate"/>).
/// </remarks>
public static class InputJson
{
    public static void Apply(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.TypeInfoResolver = (options.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver()).WithAddedModifier(Guard);
    }

    private static void Guard(JsonTypeInfo type)
    {
        if (type.Kind != JsonTypeInfoKind.Object || type.Type.Assembly != typeof(InputJson).Assembly)
        {
            return;
        }

        var nullability = new NullabilityInfoContext();
        var checks = new List<Action<object>>();
        foreach (var property in type.Properties)
        {
            if (property.AttributeProvider is not PropertyInfo member || member.GetMethod is null)
            {
                continue;
            }

            var nullable = IsNullable(member, nullability);
            // A bool left out reads as false and a JsonElement left out as "not sent" (a boundary that stays): both mean something.
            if (!nullable && property.AssociatedParameter is { HasDefaultValue: false } && member.PropertyType != typeof(bool) && member.PropertyType != typeof(JsonElement))
            {
                property.IsRequired = true;
            }

            if (Check(property.Name, member, nullable) is { } check)
            {
                checks.Add(check);
            }
        }

        if (checks.Count == 0)
        {
            return;
        }

        var before = type.OnDeserialized;
        type.OnDeserialized = value =>
        {
            before?.Invoke(value);
            foreach (var check in checks)
            {
                check(value);
            }
        };
    }

    /// <summary>The check of one member once its object is read, or null when there is nothing to check.</summary>
    private static Action<object>? Check(string name, PropertyInfo member, bool nullable)
    {
        var type = Nullable.GetUnderlyingType(member.PropertyType) ?? member.PropertyType;
        if (type == typeof(string))
        {
            var declared = member.GetCustomAttribute<MaxLengthAttribute>()?.Length ?? member.GetCustomAttribute<StringLengthAttribute>()?.MaximumLength;
            var kind = name.Contains("password", StringComparison.OrdinalIgnoreCase) || name.Contains("secret", StringComparison.OrdinalIgnoreCase)
                ? TextKind.Verbatim
                : declared is <= InputRules.SingleLineMaxLength ? TextKind.SingleLine : TextKind.MultiLine;
            var max = declared is null ? InputRules.DefaultMaxLength : int.MaxValue;
            return value =>
            {
                if (member.GetValue(value) is not string text)
                {
                    RefuseNull(name, nullable);
                    return;
                }

                var normalised = InputRules.Text(text, name, kind, max);
                if (!ReferenceEquals(normalised, text) && member.CanWrite)
                {
                    member.SetValue(value, normalised);
                }
            };
        }

        if (type == typeof(double) || type == typeof(float) || type == typeof(decimal))
        {
            var coordinate = name.ToUpperInvariant() switch
            {
                "LATITUDE" or "LAT" => CoordinateKind.Latitude,
                "LONGITUDE" or "LNG" or "LON" or "LONG" => CoordinateKind.Longitude,
                _ => (CoordinateKind?)null,
            };
            return value =>
            {
                var number = member.GetValue(value) switch
                {
                    double d => d,
                    float f => f,
                    decimal m => (double)m,
                    _ => (double?)null,
                };
                if (number is { } n)
                {
                    InputRules.Number(n, name);
                    if (coordinate is { } c)
                    {
                        InputRules.Coordinate(n, c, name);
                    }
                }
            };
        }

        if (type == typeof(DateTime) || type == typeof(DateTimeOffset))
        {
            return value =>
            {
                switch (member.GetValue(value))
                {
                    case DateTime d:
                        InputRules.Instant(d, name);
                        break;
                    case DateTimeOffset o:
                        InputRules.Instant(o.UtcDateTime, name);
                        break;
                }
            };
        }

        if (type == typeof(DateOnly))
        {
            return value =>
            {
                if (member.GetValue(value) is DateOnly d)
                {
                    InputRules.Date(d, name);
                }
            };
        }

        if (type.IsValueType)
        {
            return null;
        }

        var isList = typeof(IEnumerable).IsAssignableFrom(type);
        return value =>
        {
            var item = member.GetValue(value);
            if (item is null)
            {
                RefuseNull(name, nullable);
            }
            else if (isList)
            {
                CheckItems((IEnumerable)item, name);
            }
        };
    }

    private static void RefuseNull(string name, bool nullable)
    {
        if (!nullable)
        {
            throw new InputRefusedException("null_not_allowed", name, "不能为空", "must not be null.");
        }
    }

    /// <summary>No null in a list (or as a dictionary value); its strings follow the single-line rule and are normalised in place where the list allows.</summary>
    private static void CheckItems(IEnumerable items, string name)
    {
        if (items is IDictionary dictionary)
        {
            items = dictionary.Values;
        }

        var index = 0;
        foreach (var item in items)
        {
            if (item is null)
            {
                throw new InputRefusedException("null_not_allowed", $"{name}[{index}]", "列表中不能有空项", "must not hold null items.");
            }

            if (item is string text && !ReferenceEquals(InputRules.Text(text, $"{name}[{index}]", TextKind.SingleLine, InputRules.SingleLineMaxLength), text))
            {
                Normalise(items, name);
                return;
            }

            index++;
        }
    }

    private static void Normalise(IEnumerable items, string name)
    {
        if (items is IList<string> { IsReadOnly: false } list)
        {
            for (var i = 0; i < list.Count; i++)
            {
                list[i] = InputRules.Text(list[i], $"{name}[{i}]", TextKind.SingleLine, InputRules.SingleLineMaxLength);
            }
        }
        else if (items is string[] array)
        {
            for (var i = 0; i < array.Length; i++)
            {
                array[i] = InputRules.Text(array[i], $"{name}[{i}]", TextKind.SingleLine, InputRules.SingleLineMaxLength);
            }
        }
    }

    private static bool IsNullable(PropertyInfo member, NullabilityInfoContext context) =>
        member.PropertyType.IsValueType
            ? Nullable.GetUnderlyingType(member.PropertyType) is not null
            : context.Create(member).WriteState != NullabilityState.NotNull && context.Create(member).ReadState != NullabilityState.NotNull;
}
