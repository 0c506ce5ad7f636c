#!/usr/bin/python3
"""Synthetic national inputs for the cost-curve benchmark, in the formats the platform imports.

For each of N school years it writes, into OUT:
  districts_YYYY_YY.csv               the NCES districts file (the columns of dataset/districts_2023_24_nces.csv)
  ccd_lea_052_YYYY_l_bench.csv        CCD LEA membership, long format: the "Subtotal 4 - By Grade" rows of every
                                      grade (what the import stores; the guide tells users to keep just those)
  ccd_lea_059_YYYY_l_bench.csv        CCD LEA staff, long format: every staff category the platform maps, the
                                      NCES derived subtotals and the education unit total

The districts start from dataset/districts_2023_24_nces.csv. Each year's enrollment and teachers are the 2023-24
values scaled by a per-district trend and a per-year wobble, so every year differs and every run recalculates.
With --districts K the set is K districts: a seeded sample of the real ones when K is smaller, else all of them
plus copies of real districts under new ids (7 digits, the state's FIPS code first, unused in the real file).
Grade counts sum to the district's enrollment and teacher categories to its teachers, so the QA checks that
compare them see consistent data. Everything is derived from --seed: the same arguments give the same bytes.

Usage: bench/generate-history.py --out DIR [--years 10] [--last-year 2023] [--districts K] [--seed 42] [--no-ccd]
"""
import argparse
import csv
import os
import random
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SOURCE = os.path.join(ROOT, "dataset", "districts_2023_24_nces.csv")

# The state catalogue of the schema (V1__catalogues.sql): code -> (FIPS, CCD STATENAME).
STATES = {
    "AL": ("01", "ALABAMA"), "AK": ("02", "ALASKA"), "AZ": ("04", "ARIZONA"), "AR": ("05", "ARKANSAS"),
    "CA": ("06", "CALIFORNIA"), "CO": ("08", "COLORADO"), "CT": ("09", "CONNECTICUT"), "DE": ("10", "DELAWARE"),
    "DC": ("11", "DISTRICT OF COLUMBIA"), "FL": ("12", "FLORIDA"), "GA": ("13", "GEORGIA"), "HI": ("15", "HAWAII"),
    "ID": ("16", "IDAHO"), "IL": ("17", "ILLINOIS"), "IN": ("18", "INDIANA"), "IA": ("19", "IOWA"),
    "KS": ("20", "KANSAS"), "KY": ("21", "KENTUCKY"), "LA": ("22", "LOUISIANA"), "ME": ("23", "MAINE"),
    "MD": ("24", "MARYLAND"), "MA": ("25", "MASSACHUSETTS"), "MI": ("26", "MICHIGAN"), "MN": ("27", "MINNESOTA"),
    "MS": ("28", "MISSISSIPPI"), "MO": ("29", "MISSOURI"), "MT": ("30", "MONTANA"), "NE": ("31", "NEBRASKA"),
    "NV": ("32", "NEVADA"), "NH": ("33", "NEW HAMPSHIRE"), "NJ": ("34", "NEW JERSEY"), "NM": ("35", "NEW MEXICO"),
    "NY": ("36", "NEW YORK"), "NC": ("37", "NORTH CAROLINA"), "ND": ("38", "NORTH DAKOTA"), "OH": ("39", "OHIO"),
    "OK": ("40", "OKLAHOMA"), "OR": ("41", "OREGON"), "PA": ("42", "PENNSYLVANIA"), "RI": ("44", "RHODE ISLAND"),
    "SC": ("45", "SOUTH CAROLINA"), "SD": ("46", "SOUTH DAKOTA"), "TN": ("47", "TENNESSEE"), "TX": ("48", "TEXAS"),
    "UT": ("49", "UTAH"), "VT": ("50", "VERMONT"), "VA": ("51", "VIRGINIA"), "WA": ("53", "WASHINGTON"),
    "WV": ("54", "WEST VIRGINIA"), "WI": ("55", "WISCONSIN"), "WY": ("56", "WYOMING"),
    "BI": ("59", "BUREAU OF INDIAN EDUCATION"), "AS": ("60", "AMERICAN SAMOA"), "GU": ("66", "GUAM"),
    "MP": ("69", "NORTHERN MARIANAS"), "PR": ("72", "PUERTO RICO"), "VI": ("78", "U.S. VIRGIN ISLANDS"),
}

# CCD 052 grade labels (the grades catalogue matches them case-insensitively) and each one's share of enrollment;
# grade 12 takes what rounding leaves.
GRADES = [("Pre-Kindergarten", 0.03), ("Kindergarten", 0.0735), *[("Grade %d" % g, 0.0735) for g in range(1, 12)],
          ("Grade 12", None), ("Ungraded", 0.004)]

# CCD 059 teacher categories as shares of all teachers (the districts file's instructional_staff, the NCES
# "Teachers" subtotal); secondary teachers take what rounding leaves.
TEACHERS = [("Pre-kindergarten Teachers", 0.025), ("Kindergarten Teachers", 0.07), ("Elementary Teachers", 0.40),
            ("Secondary Teachers", None), ("Ungraded Teachers", 0.025)]
# The other categories, in the order of the NCES file, as ratios to all teachers.
SUPPORT_BEFORE_COUNSELORS = [("Paraprofessionals/Instructional Aides", 0.20),
                             ("Instructional Coordinators and Supervisors to the Staff", 0.02),
                             ("Librarians/media specialists", 0.015), ("Library/Media Support Staff", 0.006)]
COUNSELORS = [("Elementary School Counselors", 0.02), ("Secondary School Counselors", 0.025)]
SUPPORT_AFTER_COUNSELORS = [("School Psychologists", 0.01),
                            ("Student Support Services Staff (w/o Psychology)", 0.07),
                            ("LEA Administrators", 0.03), ("LEA Administrative Support Staff", 0.045),
                            ("School Administrators", 0.07), ("School Administrative Support Staff", 0.10),
                            ("All Other Support Staff", 0.45)]

IDENTITY = ["SCHOOL_YEAR", "FIPST", "STATENAME", "ST", "LEA_NAME", "STATE_AGENCY_NO", "UNION", "ST_LEAID", "LEAID"]


def read_districts():
    with open(SOURCE, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    for r in rows:
        r["nces_id"] = r["district_id"].zfill(7)
    return rows


def choose(rows, count, rng):
    """count districts: a sample of the real ones, or all of them plus copies under new ids in the same states."""
    if count <= len(rows):
        return sorted(rng.sample(rows, count), key=lambda r: r["nces_id"])
    used = {r["nces_id"] for r in rows}
    chosen = list(rows)
    next_suffix = {}
    copy = 0
    while len(chosen) < count:
        template = rows[copy % len(rows)]
        copy += 1
        fips = STATES[template["state"]][0]
        suffix = next_suffix.get(fips, 90000)
        while fips + "%05d" % suffix in used:
            suffix += 1
        if suffix > 99999:  # this state's id space is full here: copy another district instead
            continue
        next_suffix[fips] = suffix + 1
        new_id = fips + "%05d" % suffix
        used.add(new_id)
        chosen.append(dict(template, nces_id=new_id, district_name=template["district_name"] + " copy %d" % copy))
    return chosen


def split(total, shares):
    """total units (1 student, 0.01 FTE) over shares, the None share taking what the others leave, by largest
    remainder: every part is whole, none is negative and they add up to total exactly."""
    shares = [1 - sum(s for s in shares if s is not None) if s is None else s for s in shares]
    exact = [total * s for s in shares]
    parts = [int(e) for e in exact]
    by_remainder = sorted(range(len(shares)), key=lambda i: exact[i] - parts[i], reverse=True)
    for i in by_remainder[:total - sum(parts)]:
        parts[i] += 1
    return parts


def fte(cents):
    return "%d.%02d" % divmod(cents, 100)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", required=True, help="directory the files are written to (created)")
    parser.add_argument("--years", type=int, default=10, help="number of school years, 1-10 (default 10)")
    parser.add_argument("--last-year", type=int, default=2023, help="first calendar year of the newest school year")
    parser.add_argument("--districts", type=int, help="number of districts (default: the 17,842 of the file)")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--no-ccd", action="store_true", help="write the districts files only")
    args = parser.parse_args()
    if not 1 <= args.years <= 10:
        parser.error("--years must be 1-10")
    if args.districts is not None and not 1 <= args.districts <= 400000:
        parser.error("--districts must be 1-400000")

    rng = random.Random(args.seed)
    rows = read_districts()
    districts = choose(rows, args.districts or len(rows), rng)
    # per district: a yearly trend (-2 % .. +2 %) and a seed of its own for the per-year wobble
    trends = [(1 + rng.uniform(-0.02, 0.02), 1 + rng.uniform(-0.015, 0.015), rng.getrandbits(32)) for _ in districts]
    os.makedirs(args.out, exist_ok=True)

    for start in range(args.last_year - args.years + 1, args.last_year + 1):
        year = "%d-%02d" % (start, (start + 1) % 100)
        ccd_year = "%d-%d" % (start, start + 1)
        short = "%02d%02d" % (start % 100, (start + 1) % 100)
        back = args.last_year - start
        with open(os.path.join(args.out, "districts_%d_%02d.csv" % (start, (start + 1) % 100)), "w", newline="",
                  encoding="utf-8") as df, \
                open(os.devnull if args.no_ccd else os.path.join(args.out, "ccd_lea_052_%s_l_bench.csv" % short), "w",
                     newline="", encoding="utf-8") as mf, \
                open(os.devnull if args.no_ccd else os.path.join(args.out, "ccd_lea_059_%s_l_bench.csv" % short), "w",
                     newline="", encoding="utf-8") as sf:
            dw, mw, sw = csv.writer(df, lineterminator="\n"), csv.writer(mf, lineterminator="\n"), \
                csv.writer(sf, lineterminator="\n")
            dw.writerow(["district_id", "district_name", "state", "enrollment", "instructional_staff", "year",
                         "data_source"])
            mw.writerow(IDENTITY + ["GRADE", "RACE_ETHNICITY", "SEX", "STUDENT_COUNT", "TOTAL_INDICATOR",
                                    "DMS_FLAG"])
            sw.writerow(IDENTITY + ["STAFF", "STAFF_COUNT", "TOTAL_INDICATOR", "DMS_FLAG"])
            for d, (students_trend, staff_trend, own_seed) in zip(districts, trends):
                wobble = random.Random(own_seed * 31 + start)
                enrollment = max(0, int(round(float(d["enrollment"]) / students_trend ** back
                                              * wobble.uniform(0.98, 1.02))))
                teachers = max(0, int(round(float(d["instructional_staff"]) * 100 / staff_trend ** back
                                            * wobble.uniform(0.98, 1.02))))
                code = d["state"]
                fips, state_name = STATES[code]
                name = d["district_name"]
                dw.writerow([d["nces_id"].lstrip("0"), name, code, "%d.0" % enrollment, fte(teachers), year,
                             "nces_ccd"])
                identity = [ccd_year, fips, state_name, code, name, "01", "", "%s-%s" % (code, d["nces_id"][2:]),
                            d["nces_id"]]
                for (grade, _), students in zip(GRADES, split(enrollment, [s for _, s in GRADES])):
                    mw.writerow(identity + [grade, "No Category Codes", "No Category Codes", students,
                                            "Subtotal 4 - By Grade", "Reported"])
                teacher_parts = split(teachers, [s for _, s in TEACHERS])
                for (label, _), cents in zip(TEACHERS, teacher_parts):
                    sw.writerow(identity + [label, fte(cents), "Category Set A", "Reported"])
                sw.writerow(identity + ["Teachers", fte(teachers), "Derived - Subtotal", "Reported"])
                total = teachers
                for label, ratio in SUPPORT_BEFORE_COUNSELORS:
                    cents = int(round(teachers * ratio))
                    total += cents
                    sw.writerow(identity + [label, fte(cents), "Category Set A", "Reported"])
                counselors = 0
                for label, ratio in COUNSELORS:
                    cents = int(round(teachers * ratio))
                    counselors += cents
                    sw.writerow(identity + [label, fte(cents), "Category Set A", "Reported"])
                total += counselors
                sw.writerow(identity + ["School Counselors", fte(counselors), "Derived - Subtotal", "Reported"])
                for label, ratio in SUPPORT_AFTER_COUNSELORS:
                    cents = int(round(teachers * ratio))
                    total += cents
                    sw.writerow(identity + [label, fte(cents), "Category Set A", "Reported"])
                sw.writerow(identity + ["No Category Codes", fte(total), "Education Unit Total", "Reported"])
        print("%s: %d districts" % (year, len(districts)), file=sys.stderr)


if __name__ == "__main__":
    main()
