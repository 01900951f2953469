#!/usr/bin/python
"""Ansible module: ensure an image exists in Glance, uploaded from a file."""

DOCUMENTATION = r"""
module: kayobe_glance_image
short_description: Ensure a Glance image of a name exists, with its data
description:
  - Looks the image up by name; when there is none, creates it from I(image)
    (a Glance C(POST /v2/images) body) and uploads I(filename) as its data.
    An existing image of that name is left as it is, so a second run changes
    nothing (replace an image by deleting it first).
  - Runs where the Glance API is reachable; needs openstacksdk.
options:
  cloud:
    description: openstacksdk connection arguments (dict or cloud name).
    type: raw
    required: true
  image:
    description: Image attributes - name, disk_format, container_format,
      visibility.
    type: dict
    required: true
  filename:
    description: Local file holding the image data.
    type: path
    required: true
"""

EXAMPLES = r"""
- name: Register the IPA kernel
  kayobe_glance_image:
    cloud: "{{ baremetal_compute_cloud }}"
    image: {name: ipa.kernel, disk_format: aki, container_format: aki}
    filename: /opt/kayobe/images/ipa.kernel
"""

RETURN = r"""
id:
  description: ID of the image.
  type: str
  returned: success
"""

from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.kayobe_baremetal_sdk import cloud_spec
from ansible.module_utils.kayobe_baremetal_sdk import connect
from ansible.module_utils.kayobe_baremetal_sdk import openstack
from ansible.module_utils.kayobe_baremetal_sdk import require_sdk

try:
    from keystoneauth1 import exceptions as ksa_exceptions
except ImportError:  # comes with openstacksdk: require_sdk reports it
    ksa_exceptions = None


def checked(response, what):
    if response.status_code >= 400:
        raise openstack.exceptions.SDKException(
            f"{what}: HTTP {response.status_code} {response.text[:200]}")
    return response


def main():
    module = AnsibleModule(
        argument_spec=cloud_spec(
            image=dict(type="dict", required=True),
            filename=dict(type="path", required=True),
        ),
        supports_check_mode=True)
    require_sdk(module)
    body = module.params["image"]
    name = body["name"]
    try:
        api = connect(module.params["cloud"]).image
        found = checked(api.get("/images", params={"name": name}),
                        f"listing images named {name}").json()["images"]
        if found:
            module.exit_json(changed=False, id=found[0]["id"])
        if module.check_mode:
            module.exit_json(changed=True)
        image = checked(api.post("/images", json=body),
                        f"creating image {name}").json()
        with open(module.params["filename"], "rb") as data:
            checked(api.put(f"/images/{image['id']}/file", data=data,
                            headers={"Content-Type": "application/octet-stream"}),
                    f"uploading the data of image {name}")
    except OSError as exc:
        module.fail_json(msg=f"image {name}: {exc}")
    except (openstack.exceptions.SDKException,
            ksa_exceptions.ClientException) as exc:
        module.fail_json(msg=f"Glance image {name}: " + " ".join(str(exc).split()))
    module.exit_json(changed=True, id=image["id"])


if __name__ == "__main__":
    main()
