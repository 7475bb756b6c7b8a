using System;
using System.Device.Gpio;
using System.Device.I2c;
using Fleet.Firmware.Hardware;
using Iot.Device.Ds18b20;
using Iot.Device.Sht3x;
using nanoFramework.Device.OneWire;

namespace Fleet.Firmware.Esp32.Adapters
{
    /// <summary>
    /// DS18B20 probes on one 1-Wire bus (compartment n is the probe whose ROM address the settings
    /// map to it), an SHT3x for the ambient air, the lid reed switch and the UV-C confirmation input.
    /// A probe that does not answer reads NaN: the core then skips the reading.
    /// </summary>
    internal sealed class BoxSensors : ISensors
    {
        private readonly Ds18b20 _probes;
        private readonly byte[][] _compartmentAddresses;
        private readonly Sht3x _ambient;
        private readonly GpioPin _lid;
        private readonly GpioPin _uvcConfirm;

        public BoxSensors(GpioController gpio, OneWireHost oneWire, DeviceSettings settings)
        {
            _probes = new Ds18b20(oneWire, null, true, TemperatureResolution.VeryHigh);
            _probes.IsAlarmSearchCommandEnabled = false;
            _probes.Initialize();
            _compartmentAddresses = settings.ProbeAddresses(_probes.AddressNet);
            _ambient = new Sht3x(I2cDevice.Create(new I2cConnectionSettings(1, (byte)I2cAddress.AddrLow)));
            _lid = gpio.OpenPin(Pins.Lid, PinMode.InputPullUp);
            _uvcConfirm = gpio.OpenPin(Pins.UvcConfirm, PinMode.Input);
        }

        public double CompartmentTemperature(int number)
        {
            if (number < 1 || number > _compartmentAddresses.Length || _compartmentAddresses[number - 1] == null)
            {
                return double.NaN;
            }

            try
            {
                _probes.Address = _compartmentAddresses[number - 1];
                return _probes.Read() ? _probes.Temperature.DegreesCelsius : double.NaN;
            }
            catch (Exception)
            {
                return double.NaN;
            }
        }

        public double AmbientTemperature()
        {
            try
            {
                return _ambient.Temperature.DegreesCelsius;
            }
            catch (Exception)
            {
                return double.NaN;
            }
        }

        public bool LidOpen()
        {
            return _lid.Read() == PinValue.High;
        }

        public bool UvcConfirmed()
        {
            return _uvcConfirm.Read() == PinValue.High;
        }
    }
}
