// Learning-rate / clip-range schedules as functions of SB3's progress_remaining
// (1 at the start of training, 0 at the end; slightly negative on SB3's last on-policy update).
//   constant:  value(p) = X
//   lin_X:     value(p) = p · X   (RL Zoo's SimpleLinearSchedule / linear_schedule)
using System.Globalization;

namespace Rein2.Pure.Optim;

/// <summary>A schedule kind.</summary>
public enum ScheduleKind
{
    /// <summary>Always the initial value.</summary>
    Constant,
    /// <summary>progress_remaining × initial value.</summary>
    Linear,
}

/// <summary>A constant or linearly decaying hyperparameter.</summary>
public readonly record struct Schedule(ScheduleKind Kind, double Initial)
{
    /// <summary>A constant schedule.</summary>
    public static Schedule Constant(double value) => new(ScheduleKind.Constant, value);
    /// <summary>The Zoo's lin_X.</summary>
    public static Schedule Linear(double initial) => new(ScheduleKind.Linear, initial);

    /// <summary>The value at <paramref name="progressRemaining"/>.</summary>
    public double Value(double progressRemaining) => Kind == ScheduleKind.Linear ? progressRemaining * Initial : Initial;

    /// <summary>Parses "0.0003", "3e-4" or "lin_0.001".</summary>
    public static Schedule Parse(string text)
    {
        string t = text.Trim();
        bool linear = t.StartsWith("lin_", StringComparison.OrdinalIgnoreCase);
        string number = linear ? t[4..] : t;
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v))
            throw new FormatException($"'{text}' is not a schedule; expected a number (e.g. 3e-4) or lin_<number> (e.g. lin_0.001).");
        return linear ? Linear(v) : Constant(v);
    }

    /// <summary>"3E-04" or "lin_0.001", round-trippable by <see cref="Parse"/>.</summary>
    public override string ToString() =>
        (Kind == ScheduleKind.Linear ? "lin_" : "") + Initial.ToString("R", CultureInfo.InvariantCulture);
}
