// SPDX-License-Identifier: MIT
/*
 * Time, from two clocks every PC has. At boot, the CMOS real-time clock gives
 * the date to the second, and the PIT (8254), whose 1.193182 MHz never
 * varies, measures how fast the time stamp counter ticks. After that the TSC
 * alone tells the time: nanoseconds since boot, and the date as the boot
 * date plus those. (Under QEMU's -icount the TSC counts instructions, and
 * the PIT runs on the same virtual clock: the calibration still holds.)
 */
#include <asm/io.h>
#include <asm/special_insns.h>
#include <trapdoor/kernel.h>
#include <trapdoor/time.h>

#define PIT_HZ		1193182
#define PIT_CH2		0x42
#define PIT_CMD		0x43
#define PORT_B		0x61		/* bit 0: channel 2's gate; bit 5: its output */
#define CALIBRATE_MS	10

#define CMOS_INDEX	0x70
#define CMOS_DATA	0x71

static uint64_t tsc_at_boot, tsc_khz;
static uint64_t epoch_at_boot;		/* seconds since 1970 when tsc_at_boot was read */

static uint8_t cmos_read(uint8_t reg)
{
	outb(CMOS_INDEX, reg);
	return inb(CMOS_DATA);
}

/* Days from 1970-01-01 to year-month-day (proleptic Gregorian). */
static uint64_t days_since_epoch(unsigned int y, unsigned int m, unsigned int d)
{
	y -= m <= 2;				/* count March as the year's first month */
	unsigned int era = y / 400, yoe = y % 400;
	unsigned int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	unsigned int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (uint64_t)era * 146097 + doe - 719468;
}

static unsigned int bcd(unsigned int v, bool binary)
{
	return binary ? v : (v & 0xf) + (v >> 4) * 10;
}

/* The date and time the CMOS clock holds (UTC, as QEMU keeps it), in seconds since 1970. */
static uint64_t read_rtc(void)
{
	while (cmos_read(0x0a) & 0x80)		/* an update in progress: wait for it to end */
		;
	uint8_t sec = cmos_read(0x00), min = cmos_read(0x02), hour = cmos_read(0x04);
	uint8_t day = cmos_read(0x07), mon = cmos_read(0x08), year = cmos_read(0x09);
	uint8_t century = cmos_read(0x32), regb = cmos_read(0x0b);
	bool binary = regb & 0x04, h24 = regb & 0x02;
	unsigned int h = bcd(hour & 0x7f, binary);

	if (!h24 && (hour & 0x80))
		h = h % 12 + 12;			/* 12-hour clock, PM */
	else if (!h24 && h == 12)
		h = 0;
	unsigned int y = bcd(year, binary) + 100 * (century ? bcd(century, binary) : 20);
	return days_since_epoch(y, bcd(mon, binary), bcd(day, binary)) * 86400 +
	       h * 3600 + bcd(min, binary) * 60 + bcd(sec, binary);
}

/* TSC ticks per millisecond, counted while the PIT counts CALIBRATE_MS down. */
static uint64_t calibrate_tsc(void)
{
	const unsigned int count = PIT_HZ / 1000 * CALIBRATE_MS;

	outb(PORT_B, (inb(PORT_B) & ~0x02) | 0x01);	/* gate on, speaker off */
	outb(PIT_CMD, 0xb0);				/* channel 2, lo/hi byte, mode 0, binary */
	outb(PIT_CH2, count & 0xff);
	outb(PIT_CH2, count >> 8);
	uint64_t start = rdtsc();
	while (!(inb(PORT_B) & 0x20))			/* OUT2 rises when the count reaches 0 */
		;
	return (rdtsc() - start) / CALIBRATE_MS;
}

void time_init(void)
{
	tsc_khz = calibrate_tsc();
	if (!tsc_khz)
		tsc_khz = 1;
	epoch_at_boot = read_rtc();
	tsc_at_boot = rdtsc();
	printk("TIME  TSC at %lu.%03lu MHz (against the PIT); the CMOS clock says %lu s since 1970\n",
	       tsc_khz / 1000, tsc_khz % 1000, epoch_at_boot);
}

uint64_t ktime_ns(void)
{
	uint64_t ticks = rdtsc() - tsc_at_boot;

	/* ticks * 10^6 / kHz without overflow for centuries: split whole ms and the rest. */
	return ticks / tsc_khz * 1000000 + ticks % tsc_khz * 1000000 / tsc_khz;
}

uint64_t ktime_real_ns(void)
{
	return epoch_at_boot * NSEC_PER_SEC + ktime_ns();
}
