using Fleet.Firmware.Hardware;
using Fleet.Firmware.Queue;

namespace Fleet.Firmware.Tests.Fakes;

/// <summary>Flash whose power the test cuts after a given number of written bytes: the write stops there and throws.</summary>
public sealed class PowerCutFlash(int length) : IFlashFile
{
    private readonly InMemoryFlashFile _flash = new(length);
    private long _budget = long.MaxValue;

    public int Length => _flash.Length;

    /// <summary>The next writes may put down <paramref name="bytes"/> more bytes; then the power goes.</summary>
    public void CutPowerAfter(long bytes) => _budget = bytes;

    /// <summary>Power is back (a reboot).</summary>
    public void Restore() => _budget = long.MaxValue;

    public void Read(int offset, byte[] buffer, int index, int count) => _flash.Read(offset, buffer, index, count);

    public void Write(int offset, byte[] buffer, int index, int count)
    {
        if (_budget >= count)
        {
            _budget -= count;
            _flash.Write(offset, buffer, index, count);
            return;
        }

        _flash.Write(offset, buffer, index, (int)_budget);
        _budget = 0;
        throw new PowerCutException();
    }

    public void Flush()
    {
    }

    public sealed class PowerCutException : Exception;
}
