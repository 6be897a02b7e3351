import { postcodeDistrict } from '@commonpurse/kernel';

/**
 * The area a fund serves: electoral wards by their ONS codes (E05… England, W05… Wales,
 * S13… Scotland, N08… Northern Ireland) and/or postcode districts (the first half of a
 * postcode: BS1, BS16, CF10, EC1A). Residents are eligible by the postcode they give.
 */
export type AreaKind = 'ward' | 'postcode_district';

export interface FundArea {
  kind: AreaKind;
  code: string;
  name: string | null;
}

const WARD = /^(E05|W05|S13|N08)\d{6}$/;
const POSTCODE_DISTRICT = /^[A-Z]{1,2}\d[A-Z\d]?$/;

export function isWardCode(code: string): boolean {
  return WARD.test(code);
}

export function isPostcodeDistrict(code: string): boolean {
  return POSTCODE_DISTRICT.test(code);
}

export type AreaParse = { ok: true; areas: FundArea[] } | { ok: false; field: 'wards' | 'postcodeDistricts' | 'areas'; problem: string; value?: string };

/**
 * Reads the form's two boxes: wards one per line ("E05001979 Ashley"), postcode districts
 * separated by commas or spaces. Duplicates are dropped; at least one area is needed.
 */
export function parseAreas(wardsText: string, districtsText: string): AreaParse {
  const areas: FundArea[] = [];
  for (const line of wardsText.split(/\r?\n/).map((l) => l.trim()).filter(Boolean)) {
    const [code, ...name] = line.split(/\s+/);
    const upper = code.toUpperCase();
    if (!isWardCode(upper)) return { ok: false, field: 'wards', problem: 'funds.areas.badWard', value: code };
    if (!areas.some((a) => a.kind === 'ward' && a.code === upper)) areas.push({ kind: 'ward', code: upper, name: name.join(' ') || null });
  }
  for (const district of districtsText.split(/[\s,]+/).map((d) => d.trim().toUpperCase()).filter(Boolean)) {
    if (!isPostcodeDistrict(district)) return { ok: false, field: 'postcodeDistricts', problem: 'funds.areas.badDistrict', value: district };
    if (!areas.some((a) => a.kind === 'postcode_district' && a.code === district)) areas.push({ kind: 'postcode_district', code: district, name: null });
  }
  if (areas.length === 0) return { ok: false, field: 'areas', problem: 'funds.areas.none' };
  return { ok: true, areas };
}

/** Areas given directly (the API): normalised, each checked by its kind. */
export function checkAreas(areas: Array<{ kind: AreaKind; code: string; name?: string | null }>): AreaParse {
  if (areas.length === 0) return { ok: false, field: 'areas', problem: 'funds.areas.none' };
  const wards = areas.filter((a) => a.kind === 'ward').map((a) => `${a.code} ${a.name ?? ''}`.trim()).join('\n');
  const districts = areas.filter((a) => a.kind === 'postcode_district').map((a) => a.code).join(',');
  const parsed = parseAreas(wards, districts);
  return parsed.ok ? parsed : { ...parsed, field: 'areas' };
}


/** A URL-friendly name: "Bristol Community Fund 2026" → "bristol-community-fund-2026". */
export function slugify(name: string): string {
  return (
    name
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60)
      .replace(/-+$/, '') || 'fund'
  );
}

/** The slug itself if free, else the first of slug-2, slug-3 … not taken. */
export function uniqueSlug(base: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  let slug = base;
  for (let n = 2; used.has(slug); n++) slug = `${base}-${n}`;
  return slug;
}

/**
 * Whether a fund's area takes in a postcode. Postcode districts are checked here; wards need the
 * ONS postcode-to-ward lookup, which this service does not hold yet, so a ward-only area cannot
 * confirm anyone (undefined: "cannot tell"), rather than wrongly refusing them.
 */
export function areaIncludes(areas: FundArea[], postcode: string): boolean | undefined {
  const district = postcodeDistrict(postcode);
  if (!district) return false;
  if (areas.some((a) => a.kind === 'postcode_district' && a.code === district)) return true;
  return areas.some((a) => a.kind === 'ward') ? undefined : false;
}
