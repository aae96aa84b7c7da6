using System.Globalization;

namespace Analytics.AspNetCore.Stats;

/// <summary>Metric values as a store gives them (a <see cref="long"/>, a <see cref="double"/> or null), made safe to write and compare.</summary>
internal static class MetricValue
{
    /// <summary>
    /// <paramref name="value"/> as a <see cref="long"/>, a finite <see cref="double"/> or null: other integer types widen,
    /// other numbers become doubles, and what is not a finite number becomes null.
    /// </summary>
    public static object? Normalize(object? value) => value switch
    {
        null => null,
        long => value,
        int or short or byte or sbyte or ushort or uint => Convert.ToInt64(value, CultureInfo.InvariantCulture),
        double d => double.IsFinite(d) ? d : null,
        IConvertible convertible when ToDouble(convertible) is var d && double.IsFinite(d) => d,
        _ => null,
    };

    /// <summary>The value as a number, or null.</summary>
    public static double? AsDouble(object? value) => Normalize(value) switch
    {
        long l => l,
        double d => d,
        _ => null,
    };

    private static double ToDouble(IConvertible value)
    {
        try
        {
            return value.ToDouble(CultureInfo.InvariantCulture);
        }
        catch (Exception exception) when (exception is FormatException or InvalidCastException or OverflowException)
        {
            return double.NaN;
        }
    }
}
