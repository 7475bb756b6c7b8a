using System;
using System.Device.Gpio;

namespace Fleet.Firmware.Esp32.Adapters
{
    /// <summary>
    /// The pickup, hand-over and disinfect buttons (to GND, pull-ups). Presses are latched by the GPIO
    /// interrupt and taken by the main loop with <see cref="Take"/>, so the firmware stays single-threaded.
    /// </summary>
    internal sealed class Buttons
    {
        public const int Pickup = 1;
        public const int Handover = 2;
        public const int Disinfect = 4;

        private readonly object _gate = new object();
        private int _pressed;

        public Buttons(GpioController gpio)
        {
            Watch(gpio, Pins.PickupButton);
            Watch(gpio, Pins.HandoverButton);
            Watch(gpio, Pins.DisinfectButton);
        }

        /// <summary>The buttons pressed since the last call, as a bit set.</summary>
        public int Take()
        {
            lock (_gate)
            {
                int pressed = _pressed;
                _pressed = 0;
                return pressed;
            }
        }

        private void Watch(GpioController gpio, int pin)
        {
            GpioPin button = gpio.OpenPin(pin, PinMode.InputPullUp);
            button.DebounceTimeout = TimeSpan.FromMilliseconds(50);
            button.ValueChanged += OnValueChanged;
        }

        private void OnValueChanged(object sender, PinValueChangedEventArgs e)
        {
            if (e.ChangeType != PinEventTypes.Falling)
            {
                return;
            }

            int bit = e.PinNumber == Pins.PickupButton ? Pickup : e.PinNumber == Pins.HandoverButton ? Handover : Disinfect;
            lock (_gate)
            {
                _pressed |= bit;
            }
        }
    }
}
