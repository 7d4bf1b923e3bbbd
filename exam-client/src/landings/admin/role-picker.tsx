import { Checkbox } from '../../components/form';
import type { Role } from '../../types';
import { GRANTABLE_ROLES, roleLabel, withRole } from './roles';

/** A group of checkboxes, one per role a tenant admin may grant. */
export function RolePicker(props: {
  legend: string;
  selected: readonly Role[];
  onChange: (roles: Role[]) => void;
}) {
  return (
    <fieldset class="role-picker">
      <legend>{props.legend}</legend>
      <div class="checks">
        {GRANTABLE_ROLES.map((role) => (
          <Checkbox
            key={role}
            label={roleLabel(role)}
            checked={props.selected.includes(role)}
            onChange={(held) => props.onChange(withRole(props.selected, role, held))}
          />
        ))}
      </div>
    </fieldset>
  );
}
