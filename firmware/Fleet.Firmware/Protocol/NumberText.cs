using System.Text;

namespace Fleet.Firmware.Protocol
{
    /// <summary>
    /// Culture-invariant number formatting for the wire. Numbers are formatted by hand from scaled
    /// integers, because double.ToString follows the current culture on desktop .NET and differs
    /// in precision on nanoFramework; this way the device and the simulator send the same bytes.
    /// </summary>
    public static class NumberText
    {
        /// <summary>Appends <paramref name="value"/> rounded to 2 decimals, without trailing zeros ("4.3", "-19", "0.05").</summary>
        public static void AppendTwoDecimals(StringBuilder sb, double value)
        {
            AppendScaled(sb, RoundHalfAwayFromZero(value * 100), 100, 2);
        }

        /// <summary>Appends milliseconds as seconds with up to 3 decimals ("30", "30.25", "0.001").</summary>
        public static void AppendMillisAsSeconds(StringBuilder sb, long milliseconds)
        {
            AppendScaled(sb, milliseconds, 1000, 3);
        }

        /// <summary>Rounds half away from zero, the same on every platform.</summary>
        public static long RoundHalfAwayFromZero(double value)
        {
            if (value < 0)
            {
                return -(long)System.Math.Floor(-value + 0.5);
            }

            return (long)System.Math.Floor(value + 0.5);
        }

        private static void AppendScaled(StringBuilder sb, long scaled, long scale, int digits)
        {
            if (scaled < 0)
            {
                sb.Append('-');
                scaled = -scaled;
            }

            long whole = scaled / scale;
            long fraction = scaled % scale;
            sb.Append(whole.ToString());
            if (fraction == 0)
            {
                return;
            }

            // Fixed-width fraction, then trailing zeros removed: 250 of 1000 gives ".25".
            char[] buffer = new char[digits];
            for (int i = digits - 1; i >= 0; i--)
            {
                buffer[i] = (char)('0' + (int)(fraction % 10));
                fraction /= 10;
            }

            int length = digits;
            while (length > 0 && buffer[length - 1] == '0')
            {
                length--;
            }

            sb.Append('.');
            sb.Append(buffer, 0, length);
        }
    }
}
