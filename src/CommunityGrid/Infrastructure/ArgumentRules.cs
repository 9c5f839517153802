namespace CommunityGrid.Infrastructure;

/// <summary>
/// The input rules for values bound from the route or the query string, as <see cref="InputJson"/> applies them to
/// bodies: every date or instant argument of an endpoint lies in the years the app knows (a period ending in 9999
/// is a 400 <c>date_out_of_range</c> naming the parameter, not arithmetic that overflows deep inside).
/// </summary>
public static class ArgumentRules
{
    public static TBuilder WithArgumentRules<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilterFactory((context, next) =>
        {
            var checks = context.MethodInfo.GetParameters()
                .Select((p, i) => (Name: p.Name ?? "value", Index: i, Type: Nullable.GetUnderlyingType(p.ParameterType) ?? p.ParameterType))
                .Where(p => p.Type == typeof(DateOnly) || p.Type == typeof(DateTime) || p.Type == typeof(DateTimeOffset))
                .ToArray();
            if (checks.Length == 0)
            {
                return next;
            }

            return invocation =>
            {
                foreach (var (name, index, _) in checks)
                {
                    switch (invocation.Arguments[index])
                    {
                        case DateOnly date:
                            InputRules.Date(date, name);
                            break;
                        case DateTime instant:
                            InputRules.Instant(instant, name);
                            break;
                        case DateTimeOffset offset:
                            InputRules.Instant(offset.UtcDateTime, name);
                            break;
                    }
                }

                return next(invocation);
            };
        });
}
