using System.Device.Gpio;
using Fleet.Firmware.Hardware;

namespace Fleet.Firmware.Esp32.Adapters
{
    /// <summary>The active buzzer and the red LED, switched together.</summary>
    internal sealed class GpioAlarmOutput : IAlarmOutput
    {
        private readonly GpioPin _buzzer;
        private readonly GpioPin _led;

        public GpioAlarmOutput(GpioController gpio)
        {
            _buzzer = gpio.OpenPin(Pins.Buzzer, PinMode.Output);
            _led = gpio.OpenPin(Pins.AlarmLed, PinMode.Output);
            Set(false);
        }

        public void Set(bool on)
        {
            _buzzer.Write(on ? PinValue.High : PinValue.Low);
            _led.Write(on ? PinValue.High : PinValue.Low);
        }
    }
}
