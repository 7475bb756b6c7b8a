using System.IO;
using Fleet.Firmware.Hardware;

namespace Fleet.Firmware.Esp32.Adapters
{
    /// <summary>
    /// The flash queue's bytes: one fixed-size file on the internal flash file system ("I:\"),
    /// created full of 0xFF on first boot and then only written in place.
    /// </summary>
    internal sealed class InternalFlashFile : IFlashFile
    {
        private readonly FileStream _stream;
        private readonly int _length;

        public InternalFlashFile(string path, int length)
        {
            _length = length;
            bool exists = File.Exists(path);
            _stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite);
            if (!exists || _stream.Length < length)
            {
                byte[] erased = new byte[256];
                for (int i = 0; i < erased.Length; i++)
                {
                    erased[i] = 0xFF;
                }

                _stream.Seek(_stream.Length, SeekOrigin.Begin);
                for (long at = _stream.Length; at < length; at += erased.Length)
                {
                    _stream.Write(erased, 0, (int)(length - at < erased.Length ? length - at : erased.Length));
                }

                _stream.Flush();
            }
        }

        public int Length
        {
            get { return _length; }
        }

        public void Read(int offset, byte[] buffer, int index, int count)
        {
            _stream.Seek(offset, SeekOrigin.Begin);
            int read = 0;
            while (read < count)
            {
                int n = _stream.Read(buffer, index + read, count - read);
                if (n <= 0)
                {
                    break;
                }

                read += n;
            }

            for (int i = read; i < count; i++)
            {
                buffer[index + i] = 0xFF;
            }
        }

        public void Write(int offset, byte[] buffer, int index, int count)
        {
            _stream.Seek(offset, SeekOrigin.Begin);
            _stream.Write(buffer, index, count);
        }

        public void Flush()
        {
            _stream.Flush();
        }
    }
}
