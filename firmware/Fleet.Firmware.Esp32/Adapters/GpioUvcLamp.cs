using System.Device.Gpio;
using Fleet.Firmware.Hardware;

namespace Fleet.Firmware.Esp32.Adapters
{
    /// <summary>The UV-C lamp relay. The core switches it off when the dose is reached or the lid opens.</summary>
    internal sealed class GpioUvcLamp : IUvcLampOutput
    {
        private readonly GpioPin _relay;

        public GpioUvcLamp(GpioController gpio)
        {
            _relay = gpio.OpenPin(Pins.UvcRelay, PinMode.Output);
            _relay.Write(PinValue.Low);
        }

        public bool On { get; private set; }

        public void Set(bool on)
        {
            On = on;
            _relay.Write(on ? PinValue.High : PinValue.Low);
        }
    }
}
